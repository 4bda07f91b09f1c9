import { createTheme, getContrastRatio } from '@material-ui/core/styles';
import { readableColour } from './readableColour';

const light = createTheme({
  palette: {
    type: 'light',
    background: { paper: '#FFFFFF', default: '#F8F8F8' },
  },
});
const dark = createTheme({
  palette: {
    type: 'dark',
    background: { paper: '#424242', default: '#333333' },
  },
});

describe('readableColour', () => {
  it('keeps a colour that already reads well', () => {
    expect(readableColour(light, '#1F5493')).toBe('#1F5493');
  });

  it('darkens on light and lightens on dark backgrounds until 4.5:1', () => {
    for (const [theme, adjusted] of [
      [light, readableColour(light, '#4caf50')],
      [dark, readableColour(dark, '#f44336')],
    ] as const) {
      const { paper, default: page } = theme.palette.background;
      expect(getContrastRatio(adjusted, paper)).toBeGreaterThanOrEqual(4.5);
      expect(getContrastRatio(adjusted, page)).toBeGreaterThanOrEqual(4.5);
    }
    expect(readableColour(light, '#4caf50')).not.toBe('#4caf50');
  });

  it('falls back to the text colour when the background cannot be read', () => {
    const odd = createTheme({
      palette: { background: { paper: 'linear-gradient(red, blue)' } },
    });
    expect(readableColour(odd, '#4caf50')).toBe(odd.palette.text.primary);
  });
});
