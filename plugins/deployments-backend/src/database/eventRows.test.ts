import { z } from 'zod';
import { createTestDatabases } from '../__testUtils__/testDatabases';
import { eventInput } from '../__testUtils__/events';
import { DatabaseDeploymentsStore } from './DatabaseDeploymentsStore';
import { EVENT_COLUMNS } from './eventRows';

const databases = createTestDatabases();

describe('event rows', () => {
  it.each(databases.eachSupportedId())('every mapped column exists after the migrations on %s', async id => {
    const knex = await databases.init(id);
    await DatabaseDeploymentsStore.fromKnex(knex);
    const columns = Object.keys(await knex('deployment_events').columnInfo());
    expect(EVENT_COLUMNS.filter(c => !columns.includes(c))).toEqual([]);
  });

  it('stores a field added to the event schemas without a migration, in `extra`', () => {
    jest.isolateModules(() => {
      jest.doMock('@deploydash/plugin-deployments-common', () => {
        const actual = jest.requireActual('@deploydash/plugin-deployments-common');
        return {
          ...actual,
          deploymentEventSchema: actual.deploymentEventSchema.extend({
            ticket: z.string().nullable(),
            labels: z.array(z.string()),
          }),
        };
      });
      const rows = require('./eventRows');
      expect(rows.EXTRA_FIELDS).toEqual(['ticket', 'labels']);
      const row = rows.inputToRow({ ...eventInput(), ticket: 'OPS-1' }, 0, { source: 'api' });
      expect(JSON.parse(row.extra)).toEqual({ ticket: 'OPS-1' });
      const event = rows.rowToEvent({ ...row, seq: 7 });
      expect(event).toMatchObject({ id: '7', service: 'checkout', ticket: 'OPS-1', labels: [] });
      const bare = rows.rowToEvent({ ...rows.inputToRow(eventInput(), 0, { source: 'api' }), seq: 8 });
      expect(bare).toMatchObject({ ticket: null, labels: [] });
    });
    jest.dontMock('@deploydash/plugin-deployments-common');
  });
});
