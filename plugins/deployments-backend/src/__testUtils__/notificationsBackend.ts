import knexFactory, { Knex } from 'knex';
import {
  coreServices,
  createServiceFactory,
  LoggerService,
  ServiceFactory,
} from '@backstage/backend-plugin-api';
import {
  mockCredentials,
  mockServices,
  startTestBackend,
} from '@backstage/backend-test-utils';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import notificationsPlugin from '@backstage/plugin-notifications-backend';
import { Notification } from '@backstage/plugin-notifications-common';
import { Entity } from '@backstage/catalog-model';
import { JsonObject } from '@backstage/types';
import { deploymentsPlugin } from '../plugin';
import { TEST_API_KEY } from './testBackend';

/** The team owning `checkout` and `payments`, and its one member. */
export const TEAM = 'group:default/payments-team';
export const MEMBER = 'user:default/jo';
/** A user in no owning team. */
export const STRANGER = 'user:default/sam';

const component = (name: string, owner?: string): Entity => ({
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Component',
  metadata: { name, namespace: 'default' },
  spec: {
    type: 'service',
    lifecycle: 'production',
    ...(owner ? { owner } : {}),
  },
  relations: owner ? [{ type: 'ownedBy', targetRef: owner }] : [],
});

/**
 * A catalog as the catalog backend would serve it, relations included (the
 * mock computes none): two services of a team with one member, a service
 * without an owner, and a user in no team.
 */
export const CATALOG: Entity[] = [
  component('checkout', TEAM),
  component('payments', TEAM),
  component('orphan'),
  {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Group',
    metadata: { name: 'payments-team', namespace: 'default' },
    spec: { type: 'team', children: [], members: ['jo'] },
    relations: [{ type: 'hasMember', targetRef: MEMBER }],
  },
  ...['jo', 'sam'].map(
    (name): Entity => ({
      apiVersion: 'backstage.io/v1alpha1',
      kind: 'User',
      metadata: { name, namespace: 'default' },
      spec: { memberOf: name === 'jo' ? ['payments-team'] : [] },
      relations: name === 'jo' ? [{ type: 'memberOf', targetRef: TEAM }] : [],
    }),
  ),
];

/** One log line of a test backend. */
export interface LogLine {
  level: 'error' | 'warn' | 'info' | 'debug';
  message: string;
  plugin?: string;
}

/** A root logger that keeps every line, each with its plugin. */
class RecordingLogger implements LoggerService {
  constructor(
    readonly lines: LogLine[],
    private readonly meta: JsonObject = {},
  ) {}
  private log(level: LogLine['level'], message: string) {
    this.lines.push({
      level,
      message,
      plugin: this.meta.plugin as string | undefined,
    });
  }
  error(message: string) {
    this.log('error', message);
  }
  warn(message: string) {
    this.log('warn', message);
  }
  info(message: string) {
    this.log('info', message);
  }
  debug(message: string) {
    this.log('debug', message);
  }
  child(meta: JsonObject): LoggerService {
    return new RecordingLogger(this.lines, { ...this.meta, ...meta });
  }
}

/** Each plugin its own database, as Backstage gives them: the notifications backend's apart from ours. */
function databasesPerPlugin(knex: Knex, notificationsKnex: Knex) {
  return createServiceFactory({
    service: coreServices.database,
    deps: { plugin: coreServices.pluginMetadata },
    factory: ({ plugin }) => ({
      getClient: async () =>
        plugin.getId() === 'notifications' ? notificationsKnex : knex,
    }),
  });
}

/** A new pool on the PostgreSQL database of `knex`, as a second replica would have. */
export function newPool(knex: Knex): Knex {
  const settings = (
    knex.client as { connectionSettings: Knex.StaticConnectionConfig }
  ).connectionSettings;
  return knexFactory({ client: 'pg', connection: settings });
}

/**
 * A real backend with this plugin and, unless `withoutNotifications`,
 * Backstage's real notifications backend on its own database; the catalog
 * is {@link CATALOG}. Logs are recorded, not printed.
 */
export async function startNotifyingBackend(options: {
  knex: Knex;
  notificationsKnex: Knex;
  config?: JsonObject;
  withoutNotifications?: boolean;
  services?: ServiceFactory[];
}) {
  const logs: LogLine[] = [];
  const backend = await startTestBackend({
    features: [
      deploymentsPlugin,
      ...(options.withoutNotifications ? [] : [notificationsPlugin]),
      databasesPerPlugin(options.knex, options.notificationsKnex),
      mockServices.rootConfig.factory({
        data: {
          app: { baseUrl: 'http://localhost:3000' },
          deployments: {
            ingest: { apiKeys: [{ name: 'ci', key: TEST_API_KEY }] },
            ...options.config,
          },
        },
      }),
      createServiceFactory({
        service: coreServices.rootLogger,
        deps: {},
        factory: () => new RecordingLogger(logs),
      }),
      mockServices.httpAuth.factory({
        defaultCredentials: mockCredentials.none(),
      }),
      catalogServiceMock.factory({ entities: CATALOG }),
      ...(options.services ?? []),
    ],
  });
  const root = `http://localhost:${backend.server.port()}/api`;
  const send = async (path: string, body: unknown) => {
    const res = await fetch(`${root}/deployments${path}`, {
      method: 'POST',
      headers: {
        'Content-Type': 'application/json',
        'X-Api-Key': TEST_API_KEY,
      },
      body: JSON.stringify(body),
    });
    if (res.status !== 201)
      throw new Error(`ingest answered ${res.status}: ${await res.text()}`);
    return res.json();
  };
  return {
    backend,
    root,
    logs,
    /** POST one event (201 expected). */
    post: (event: unknown) => send('', event),
    /** POST a batch (201 expected). */
    postBatch: (events: unknown[]) => send('/batch', { events }),
    /** The user's notifications, read through the notifications backend's own API. */
    notificationsOf: async (user: string, query = '') => {
      const res = await fetch(`${root}/notifications/notifications${query}`, {
        headers: { Authorization: mockCredentials.user.header(user) },
      });
      if (res.status !== 200)
        throw new Error(
          `notifications answered ${res.status}: ${await res.text()}`,
        );
      return ((await res.json()) as { notifications: Notification[] })
        .notifications;
    },
  };
}

export type NotifyingBackend = Awaited<
  ReturnType<typeof startNotifyingBackend>
>;

/** An ISO timestamp `ms` before now. */
export const ago = (ms: number) => new Date(Date.now() - ms).toISOString();

/** The rows of the once-per-run table. */
export const sentKeys = (knex: Knex) =>
  knex('deployments_notifications_sent')
    .select('kind', 'service', 'environment', 'deployment_id')
    .orderBy(['kind', 'service', 'environment', 'deployment_id']);
