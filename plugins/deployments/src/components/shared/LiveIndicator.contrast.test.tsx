import { render, screen } from '@testing-library/react';
import {
  ThemeProvider,
  createTheme,
  decomposeColor,
  getContrastRatio,
} from '@material-ui/core/styles';
import { LiveStatus } from '../../hooks/useMatrix';
import { LiveIndicator } from './LiveIndicator';

/** Backstage's light and dark backgrounds (@backstage/theme palettes). */
const BACKGROUNDS = {
  light: { paper: '#FFFFFF', default: '#F8F8F8' },
  dark: { paper: '#424242', default: '#333333' },
};

/**
 * Issue 18: the "Live" chip drew its words in the header's white straight
 * on the header's gradient, about 3.7:1 where the gradient is light. The
 * chip now has a background of its own, so its contrast no longer depends
 * on what is behind it; this measures it in both themes.
 */
describe('LiveIndicator contrast', () => {
  it.each(
    (['light', 'dark'] as const).flatMap(type =>
      (['live', 'connecting', 'reconnecting'] as LiveStatus[]).map(
        status => [type, status] as const,
      ),
    ),
  )('%s theme, %s: text at least 4.5:1 on an opaque chip', (type, status) => {
    const theme = createTheme({
      palette: { type, background: BACKGROUNDS[type] },
    });
    render(
      <ThemeProvider theme={theme}>
        <LiveIndicator status={status} />
      </ThemeProvider>,
    );
    const chip = screen.getByTestId('deployments-live-indicator');
    const background = getComputedStyle(chip).backgroundColor;
    expect(background).toMatch(/^(#|rgb)/);
    const { values, type: model } = decomposeColor(background);
    // Opaque: nothing behind the chip shows through its words.
    expect(model === 'rgba' ? values[3] : 1).toBe(1);
    const text = getComputedStyle(chip).color;
    expect(text).toMatch(/^(#|rgb)/);
    expect(getContrastRatio(text, background)).toBeGreaterThanOrEqual(4.5);
  });
});
