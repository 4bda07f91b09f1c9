import { DEPLOYMENT_STATUSES } from '@deploydash/plugin-deployments-common';
import { makeEvent } from '../../__testUtils__/fixtures';
import {
  eventLabel,
  formatDuration,
  formatRelative,
  formatRunDuration,
  humanizeOwner,
  statusText,
} from './format';

describe('format', () => {
  it('formats relative times', () => {
    const now = Date.parse('2026-01-01T12:00:00Z');
    expect(formatRelative('2026-01-01T11:59:50Z', now)).toBe('just now');
    expect(formatRelative('2026-01-01T11:55:00Z', now)).toBe('5 minutes ago');
    expect(formatRelative('2026-01-01T09:00:00Z', now)).toBe('3 hours ago');
    expect(formatRelative('2025-12-30T12:00:00Z', now)).toBe('2 days ago');
  });

  it('formats durations', () => {
    expect(formatDuration(45_000)).toBe('45s');
    expect(formatDuration(252_000)).toBe('4m 12s');
    expect(formatDuration(2 * 3600_000 + 5 * 60_000)).toBe('2h 5m');
  });

  it('spells run durations out, with a dash while there is none', () => {
    expect(formatRunDuration(42_000)).toBe('42 s');
    expect(formatRunDuration(400)).toBe('0 s');
    expect(formatRunDuration(185_000)).toBe('3 min 5 s');
    expect(formatRunDuration(180_000)).toBe('3 min');
    expect(formatRunDuration(3600_000 + 12 * 60_000 + 9_000)).toBe(
      '1 h 12 min',
    );
    expect(formatRunDuration(2 * 86_400_000 + 3 * 3600_000)).toBe('2 d 3 h');
    expect(formatRunDuration(null)).toBe('—');
  });

  it('names every status in words', () => {
    expect(DEPLOYMENT_STATUSES.map(statusText)).toEqual([
      'Queued',
      'Awaiting approval',
      'Deploying',
      'Succeeded',
      'Failed',
      'Cancelled',
    ]);
    expect(statusText('paused')).toBe('paused');
  });

  it('shortens owner refs in the default namespace', () => {
    expect(humanizeOwner('group:default/team-a')).toBe('team-a');
    expect(humanizeOwner('user:default/jo')).toBe('user:jo');
    expect(humanizeOwner('group:ops/team-b')).toBe('group:ops/team-b');
  });

  it('names an event by version, else short sha, else deployment id', () => {
    expect(eventLabel(makeEvent({ version: '2.0.0', sha: 'abc' }))).toBe(
      '2.0.0',
    );
    expect(
      eventLabel(
        makeEvent({
          version: null,
          sha: '0123456789abcdef0123456789abcdef01234567',
        }),
      ),
    ).toBe('0123456');
    expect(
      eventLabel(makeEvent({ version: null, deployment_id: 'run-7' })),
    ).toBe('run-7');
  });
});
