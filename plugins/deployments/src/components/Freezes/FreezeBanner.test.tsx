import { render, screen, within } from '@testing-library/react';
import {
  ThemeProvider,
  createTheme,
  getContrastRatio,
} from '@material-ui/core/styles';
import { TestApiProvider } from '@backstage/test-utils';
import { FreezeWindow } from '@deploydash/plugin-deployments-common';
import { deploymentsApiRef } from '../../api/DeploymentsApi';
import { DeploymentsApiError } from '../../api/DeploymentsApiError';
import { FakeDeploymentsApi } from '../../__testUtils__/fixtures';
import { renderWithApis } from '../../__testUtils__/renderWithApis';
import { nextFreezesRefresh } from '../../hooks/useFreezes';
import { FreezeBanner } from './FreezeBanner';
import { formatFreezeTime, scopeText } from './freezeText';

const HOUR = 3_600_000;
const at = (ms: number) => new Date(ms).toISOString();

function window(overrides: Partial<FreezeWindow> = {}): FreezeWindow {
  const now = Date.now();
  return {
    name: 'year-end',
    reason: 'Year-end freeze; ask #release-managers',
    start: at(now - HOUR),
    end: at(now + 2 * HOUR + 60_000),
    environments: ['prod'],
    services: null,
    timezone: 'UTC',
    cron: null,
    ...overrides,
  };
}

describe('FreezeBanner', () => {
  let api: FakeDeploymentsApi;
  beforeEach(() => {
    api = new FakeDeploymentsApi();
  });

  it('names an active freeze, its reason, what it covers and when it ends', async () => {
    const active = window();
    api.freezes = () => ({ active: [active], upcoming: [] });
    await renderWithApis(<FreezeBanner />, { api });
    const banner = await screen.findByTestId('freeze-banner');
    expect(banner).toHaveAttribute('role', 'status');
    expect(banner).toHaveAccessibleName('Deployment freeze in effect');
    const line = within(banner).getByTestId('freeze-active');
    expect(line).toHaveTextContent(
      `Deployment freeze: year-end — until ${formatFreezeTime(
        active.end,
        Date.now(),
      )}, in 2 hours`,
    );
    expect(line).toHaveTextContent(/until \d\d:\d\d UTC, in 2 hours/);
    expect(line).toHaveTextContent('Year-end freeze; ask #release-managers');
    expect(line).toHaveTextContent('Covers prod · all services');
    expect(api.freezesCalls).toEqual([
      { service: undefined, environment: undefined },
    ]);
  });

  it('announces a freeze that starts within 24 hours, and not one further off', async () => {
    const now = Date.now();
    api.freezes = () => ({
      active: [],
      upcoming: [
        window({
          name: 'tonight',
          reason: 'Data centre move',
          start: at(now + 3 * HOUR + 60_000),
          end: at(now + 5 * HOUR),
          environments: null,
          services: ['payments-*'],
        }),
        window({
          name: 'next-week',
          start: at(now + 7 * 24 * HOUR),
          end: at(now + 8 * 24 * HOUR),
        }),
      ],
    });
    await renderWithApis(<FreezeBanner service="payments-api" />, { api });
    const banner = await screen.findByTestId('freeze-banner');
    expect(banner).toHaveAccessibleName('Deployment freeze coming');
    expect(within(banner).queryByTestId('freeze-active')).toBeNull();
    const upcoming = within(banner).getAllByTestId('freeze-upcoming');
    expect(upcoming.map(u => u.getAttribute('data-freeze'))).toEqual([
      'tonight',
    ]);
    expect(upcoming[0]).toHaveTextContent(
      /^Next freeze: tonight from \d\d:\d\d UTC, in 3 hours \(all environments · payments-\*\) — Data centre move$/,
    );
    expect(api.freezesCalls).toEqual([
      { service: 'payments-api', environment: undefined },
    ]);
  });

  it('shows nothing when no freeze is active or near', async () => {
    const now = Date.now();
    api.freezes = () => ({
      active: [],
      upcoming: [
        window({ start: at(now + 30 * HOUR), end: at(now + 40 * HOUR) }),
      ],
    });
    await renderWithApis(<FreezeBanner />, { api });
    await new Promise(r => setTimeout(r, 50));
    expect(api.freezesCalls).toHaveLength(1);
    expect(screen.queryByTestId('freeze-banner')).toBeNull();
  });

  it('shows a failed request with its title and detail', async () => {
    api.freezes = () =>
      new DeploymentsApiError({
        status: 503,
        title: 'Service Unavailable',
        detail: 'The database is down',
      });
    await renderWithApis(<FreezeBanner />, { api });
    const panel = await screen.findByRole('alert');
    expect(panel).toHaveTextContent('Service Unavailable');
    expect(panel).toHaveTextContent('The database is down');
    expect(screen.queryByTestId('freeze-banner')).toBeNull();
  });

  it.each([['light'], ['dark']] as const)(
    'keeps its text at 4.5:1 or more in the %s theme',
    async type => {
      const theme = createTheme({
        palette: {
          type,
          background:
            type === 'light'
              ? { paper: '#FFFFFF', default: '#F8F8F8' }
              : { paper: '#424242', default: '#333333' },
        },
      });
      api.freezes = () => ({
        active: [window()],
        upcoming: [window({ name: 'soon', start: at(Date.now() + HOUR) })],
      });
      render(
        <ThemeProvider theme={theme}>
          <TestApiProvider apis={[[deploymentsApiRef, api]]}>
            <FreezeBanner />
          </TestApiProvider>
        </ThemeProvider>,
      );
      const banner = await screen.findByTestId('freeze-banner');
      const background = getComputedStyle(banner).backgroundColor;
      expect(background).toMatch(/^rgb/);
      expect(getComputedStyle(banner).color).toMatch(/^rgb/);
      const texts = [
        banner,
        ...Array.from(banner.querySelectorAll('p, span')),
      ] as HTMLElement[];
      for (const element of texts) {
        const colour = getComputedStyle(element).color;
        if (!colour) continue;
        expect([
          element.textContent,
          getContrastRatio(colour, background) >= 4.5,
        ]).toEqual([element.textContent, true]);
      }
    },
  );
});

describe('freeze text', () => {
  it('writes a time within 24 hours as the time, and a later one with its date, in UTC', () => {
    const now = Date.parse('2026-12-20T10:00:00Z');
    expect(formatFreezeTime('2026-12-20T18:00:00Z', now)).toBe('18:00 UTC');
    expect(formatFreezeTime('2026-12-21T09:59:00Z', now)).toBe('09:59 UTC');
    expect(formatFreezeTime('2027-01-04T00:00:00Z', now)).toBe(
      'Mon 4 Jan 2027, 00:00 UTC',
    );
    expect(formatFreezeTime('2026-12-19T00:00:00Z', now)).toBe(
      'Sat 19 Dec 2026, 00:00 UTC',
    );
  });

  it('names what a freeze covers', () => {
    expect(
      scopeText(window({ environments: ['prod', 'prod-*'], services: null })),
    ).toBe('prod, prod-* · all services');
    expect(
      scopeText(window({ environments: null, services: ['checkout'] })),
    ).toBe('all environments · checkout');
  });
});

describe('nextFreezesRefresh', () => {
  const now = Date.parse('2026-01-01T00:00:00Z');
  it('asks again just after the next window opens or closes, at most 5 minutes on', () => {
    expect(nextFreezesRefresh(undefined, now)).toBe(5 * 60_000);
    const soon = {
      active: [window({ end: at(now + 60_000) })],
      upcoming: [window({ start: at(now + 120_000) })],
    };
    expect(nextFreezesRefresh(soon, now)).toBe(61_000);
    const later = { active: [], upcoming: [window({ start: at(now + HOUR) })] };
    expect(nextFreezesRefresh(later, now)).toBe(5 * 60_000);
    // Never a busy loop on a boundary just passed.
    expect(
      nextFreezesRefresh(
        { active: [window({ end: at(now) })], upcoming: [] },
        now,
      ),
    ).toBe(5 * 60_000);
    expect(
      nextFreezesRefresh(
        { active: [window({ end: at(now + 1) })], upcoming: [] },
        now,
      ),
    ).toBe(5_000);
  });
});
