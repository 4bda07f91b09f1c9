import {
  Theme,
  darken,
  getContrastRatio,
  lighten,
} from '@material-ui/core/styles';

/** WCAG 2.x AA for normal-size text. */
export const MIN_TEXT_CONTRAST = 4.5;

const STEP = 0.05;

/**
 * The theme colour `colour`, darkened (light themes) or lightened (dark
 * themes) just enough for text in it to reach 4.5:1 on both the paper and
 * the default background. MUI's stock `success.main`, `error.main` and
 * `info.main` reach only about 3:1 on Backstage's light and dark
 * backgrounds, so the hue is kept but its lightness adjusted — for any
 * theme, including an organisation's own.
 */
export function readableColour(theme: Theme, colour: string): string {
  const { paper, default: page } = theme.palette.background;
  const adjust = theme.palette.type === 'dark' ? lighten : darken;
  try {
    for (let amount = 0; amount <= 1; amount += STEP) {
      const candidate = amount === 0 ? colour : adjust(colour, amount);
      if (
        getContrastRatio(candidate, paper) >= MIN_TEXT_CONTRAST &&
        getContrastRatio(candidate, page) >= MIN_TEXT_CONTRAST
      ) {
        return candidate;
      }
    }
  } catch {
    // A background MUI cannot parse (e.g. a gradient): fall through.
  }
  return theme.palette.text.primary;
}
