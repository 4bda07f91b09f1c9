import { Theme } from '@material-ui/core/styles';

/** The keyboard focus ring of a grid cell or the control inside it. */
export function focusRing(theme: Theme) {
  return {
    '&:focus': { outline: 'none' },
    '&:focus-visible': {
      outline: `2px solid ${theme.palette.primary.main}`,
      outlineOffset: -2,
    },
  };
}
