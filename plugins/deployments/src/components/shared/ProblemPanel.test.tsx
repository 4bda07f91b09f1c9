import { screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { renderInTestApp } from '@backstage/test-utils';
import { DeploymentsApiError } from '../../api/DeploymentsApiError';
import { ProblemPanel } from './ProblemPanel';

const validation = new DeploymentsApiError({
  status: 422,
  title: 'Unprocessable Content',
  detail: '2 fields failed validation',
  fieldErrors: [
    {
      field: 'status',
      message: 'must be one of in-progress, success, failure',
    },
    { field: 'happened_at', message: 'is required' },
  ],
});

describe('ProblemPanel', () => {
  it('shows the title, the detail and each field error, and no JSON', async () => {
    await renderInTestApp(<ProblemPanel error={validation} />);
    const panel = screen.getByRole('alert');
    expect(panel).toHaveTextContent('Unprocessable Content');
    expect(panel).toHaveTextContent('2 fields failed validation');
    const items = within(
      screen.getByRole('list', { name: 'Rejected fields' }),
    ).getAllByRole('listitem');
    expect(items.map(li => li.textContent)).toEqual([
      'status must be one of in-progress, success, failure',
      'happened_at is required',
    ]);
    expect(panel.textContent).not.toMatch(/[{}"]/);
    expect(screen.queryByRole('button', { name: 'Retry' })).toBeNull();
  });

  it('offers a Retry button when given one', async () => {
    const onRetry = jest.fn();
    await renderInTestApp(
      <ProblemPanel
        error={new DeploymentsApiError({ status: 502, title: 'Bad Gateway' })}
        onRetry={onRetry}
      />,
    );
    expect(screen.getByRole('alert')).toHaveTextContent('Bad Gateway');
    expect(screen.queryByRole('list')).toBeNull();
    await userEvent.click(screen.getByRole('button', { name: 'Retry' }));
    expect(onRetry).toHaveBeenCalledTimes(1);
  });

  it('shows the message of an error that has no response, e.g. a network failure', async () => {
    await renderInTestApp(
      <ProblemPanel error={new TypeError('Failed to fetch')} />,
    );
    const panel = screen.getByRole('alert');
    expect(panel).toHaveTextContent('Request failed');
    expect(panel).toHaveTextContent('Failed to fetch');
  });
});
