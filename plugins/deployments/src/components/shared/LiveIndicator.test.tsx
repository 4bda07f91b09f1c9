import { screen } from '@testing-library/react';
import { renderInTestApp } from '@backstage/test-utils';
import { LiveIndicator } from './LiveIndicator';

describe('LiveIndicator', () => {
  it.each([
    ['live', false, 'Live'],
    ['live', true, 'Catching up…'],
    ['connecting', false, 'Connecting…'],
    // Reconnecting says more than being behind.
    ['reconnecting', true, 'Reconnecting…'],
  ] as const)('%s, behind: %s → %s', async (status, behind, text) => {
    await renderInTestApp(<LiveIndicator status={status} behind={behind} />);
    const chip = screen.getByTestId('deployments-live-indicator');
    expect(chip).toHaveTextContent(text);
    expect(chip).toHaveAttribute('aria-label', `Live updates: ${text}`);
    expect(chip).toHaveAttribute('data-status', status);
  });
});
