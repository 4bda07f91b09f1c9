import { DeploymentEvent } from '@deploydash/plugin-deployments-common';
import { inputToRow, rowToEvent } from '../database/eventRows';
import { eventInput } from '../__testUtils__/events';
import { SUMMARY_FIELDS, summaryJson } from './matrixSummary';

const pick = (event: DeploymentEvent) =>
  JSON.stringify(Object.fromEntries(SUMMARY_FIELDS.map(f => [f, event[f as keyof DeploymentEvent]])));

/** An event as the store keeps it: `rowToEvent`'s keys in its order. */
const stored = (overrides: Record<string, unknown>) =>
  rowToEvent({ seq: 42, ...inputToRow(eventInput(overrides), Date.UTC(2026, 0, 1), { source: 'api' }) });

describe('summaryJson', () => {
  it.each([
    ['every field set', {
      version: '1.2.3', run_url: 'https://ci.example.com/1', run_number: 9007199254740991, actor: 'Zoë 🚀\nline two',
      ref: 'main', sha: 'a'.repeat(40), commits: ['abc1234'], title: 't', tags: ['x'], parent_deployments: ['p'],
    }],
    ['nulls', { version: null, run_url: null, run_number: null, actor: null }],
    ['markers inside values', {
      deployment_id: 'a,"service":b', version: ',"received_at":', actor: 'x\\', ref: ',"ref":', title: ',"version":',
    }],
  ])('is the projection of the stored event: %s', (_name, overrides) => {
    const event = stored(overrides);
    expect(summaryJson(JSON.stringify(event))).toBe(pick(event));
  });

  it('parses text of another shape instead of cutting it', () => {
    const event = stored({ actor: 'ann' });
    const reordered = JSON.stringify({ ...event, id: undefined, service: event.service, id2: 1 });
    expect(JSON.parse(summaryJson(reordered))).toEqual({ ...JSON.parse(pick(event)), id: null });
    expect(summaryJson(JSON.stringify(event, null, 1))).toBe(pick(event));
  });
});
