import { fireEvent, screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { usePeriod } from '../../hooks/usePeriod';
import { FakeDeploymentsApi } from '../../__testUtils__/fixtures';
import { renderWithApis } from '../../__testUtils__/renderWithApis';
import { PeriodPicker } from './PeriodPicker';

function PeriodProbe() {
  const { from, to, preset } = usePeriod();
  return (
    <output data-testid="period">{`${from} ${to} ${preset ?? '-'}`}</output>
  );
}

const search = () => screen.getByTestId('location-search').textContent;
const today = new Date().toISOString().slice(0, 10);

describe('PeriodPicker', () => {
  it('shows the default preset and writes presets to the URL, keeping other params', async () => {
    await renderWithApis(
      <>
        <PeriodPicker />
        <PeriodProbe />
      </>,
      { api: new FakeDeploymentsApi(), routeEntries: ['/deployments?q=pay'] },
    );
    expect(screen.getByRole('button', { name: '30 days' })).toHaveAttribute(
      'aria-pressed',
      'true',
    );
    expect(screen.getByLabelText('Last day (UTC)')).toHaveValue(today);
    await userEvent.click(screen.getByRole('button', { name: '7 days' }));
    expect(search()).toBe('?q=pay&preset=7d');
    expect(screen.getByTestId('period')).toHaveTextContent(/ 7d$/);
    expect(screen.getByRole('button', { name: '7 days' })).toHaveAttribute(
      'aria-pressed',
      'true',
    );
  });

  it('writes a custom range as days and keeps from before to', async () => {
    await renderWithApis(
      <>
        <PeriodPicker />
        <PeriodProbe />
      </>,
      {
        api: new FakeDeploymentsApi(),
        routeEntries: ['/deployments?from=2026-01-10&to=2026-01-20'],
      },
    );
    expect(screen.getByLabelText('First day (UTC)')).toHaveValue('2026-01-10');
    expect(screen.getByTestId('period')).toHaveTextContent(
      '2026-01-10T00:00:00.000Z 2026-01-21T00:00:00.000Z -',
    );
    fireEvent.change(screen.getByLabelText('First day (UTC)'), {
      target: { value: '2026-01-05' },
    });
    expect(search()).toBe('?from=2026-01-05&to=2026-01-20');
    // A first day after the last moves the last day along.
    fireEvent.change(screen.getByLabelText('First day (UTC)'), {
      target: { value: '2026-02-01' },
    });
    expect(search()).toBe('?from=2026-02-01&to=2026-02-01');
    // A half-typed date changes nothing.
    fireEvent.change(screen.getByLabelText('Last day (UTC)'), {
      target: { value: '' },
    });
    expect(search()).toBe('?from=2026-02-01&to=2026-02-01');
    expect(screen.getByRole('button', { name: '30 days' })).toHaveAttribute(
      'aria-pressed',
      'false',
    );
  });

  it('falls back to the default on nonsense params', async () => {
    await renderWithApis(<PeriodProbe />, {
      api: new FakeDeploymentsApi(),
      routeEntries: ['/deployments?from=tomorrow&to=2026-99-99'],
    });
    expect(screen.getByTestId('period')).toHaveTextContent(/ 30d$/);
  });
});
