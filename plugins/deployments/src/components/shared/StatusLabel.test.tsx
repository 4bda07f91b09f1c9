import { render, within } from '@testing-library/react';
import {
  ThemeProvider,
  createTheme,
  getContrastRatio,
} from '@material-ui/core/styles';
import {
  DEPLOYMENT_STATUSES,
  DeploymentStatus,
} from '@deploydash/plugin-deployments-common';
import { StatusLabel } from './StatusLabel';

const EXPECTED: Record<DeploymentStatus, { text: string; icon: string }> = {
  queued: { text: 'Queued', icon: 'svg' },
  waiting: { text: 'Awaiting approval', icon: 'svg' },
  'in-progress': { text: 'Deploying', icon: 'progressbar' },
  success: { text: 'Succeeded', icon: 'svg' },
  failure: { text: 'Failed', icon: 'svg' },
  cancelled: { text: 'Cancelled', icon: 'svg' },
};

/**
 * Backstage's light and dark backgrounds (@backstage/theme palettes); the
 * status colours are MUI's defaults, which Backstage's themes keep.
 */
const BACKGROUNDS = {
  light: { paper: '#FFFFFF', default: '#F8F8F8' },
  dark: { paper: '#424242', default: '#333333' },
};
const v4Theme = (type: 'light' | 'dark') =>
  createTheme({ palette: { type, background: BACKGROUNDS[type] } });

function renderLabel(status: string, theme = v4Theme('light')) {
  const { container } = render(
    <ThemeProvider theme={theme}>
      <StatusLabel status={status} />
    </ThemeProvider>,
  );
  return within(container).getByTestId('status-label');
}

/** The icon: an svg (still) or the spinner's role, never both. */
function iconKind(label: HTMLElement): string {
  if (label.querySelector('[role="progressbar"]')) return 'progressbar';
  const svg = label.querySelector('svg');
  return svg ? 'svg' : 'none';
}

describe('StatusLabel', () => {
  it.each(DEPLOYMENT_STATUSES.map(s => [s]))(
    'shows %s in words with its own icon',
    status => {
      const label = renderLabel(status);
      expect(label).toHaveTextContent(EXPECTED[status].text);
      expect(label).toHaveAttribute('data-status', status);
      expect(iconKind(label)).toBe(EXPECTED[status].icon);
      // The icon is decoration: the words carry the meaning.
      const icon = label.querySelector(`[data-icon="${status}"]`);
      expect(icon).toHaveAttribute('aria-hidden', 'true');
    },
  );

  it('gives every status its own icon', () => {
    const seen = DEPLOYMENT_STATUSES.map(status => {
      const label = renderLabel(status);
      const icon = label.querySelector(`[data-icon="${status}"]`);
      const path = icon?.querySelector('path')?.getAttribute('d') ?? 'spinner';
      return path;
    });
    expect(new Set(seen).size).toBe(DEPLOYMENT_STATUSES.length);
  });

  it('spins only while deploying: finished, queued and waiting are still', () => {
    for (const status of DEPLOYMENT_STATUSES) {
      const label = renderLabel(status);
      const spins = label.querySelector('[role="progressbar"]') !== null;
      expect([status, spins]).toEqual([status, status === 'in-progress']);
    }
  });

  it('keeps a past in-progress event still', () => {
    const { container } = render(
      <ThemeProvider theme={v4Theme('light')}>
        <StatusLabel status="in-progress" still />
      </ThemeProvider>,
    );
    const label = within(container).getByTestId('status-label');
    expect(label).toHaveTextContent('Deploying');
    expect(iconKind(label)).toBe('svg');
  });

  it('does not strike cancelled through', () => {
    const label = renderLabel('cancelled');
    expect(getComputedStyle(label).textDecoration).not.toMatch(/line-through/);
  });

  it('names an unknown status as it is', () => {
    const label = renderLabel('paused');
    expect(label).toHaveTextContent('paused');
    expect(iconKind(label)).toBe('svg');
  });

  it.each([['light'], ['dark']] as const)(
    'keeps at least 4.5:1 text contrast in the %s theme',
    name => {
      const theme = v4Theme(name);
      const { paper, default: page } = theme.palette.background;
      for (const status of DEPLOYMENT_STATUSES) {
        const colour = getComputedStyle(renderLabel(status, theme)).color;
        expect(colour).toMatch(/^rgb/);
        for (const background of [paper, page]) {
          expect([
            status,
            background,
            getContrastRatio(colour, background) >= 4.5,
          ]).toEqual([status, background, true]);
        }
      }
    },
  );
});
