import { AuthService, LoggerService } from '@backstage/backend-plugin-api';
import { Config } from '@backstage/config';
import { NotFoundError, stringifyError } from '@backstage/errors';
import {
  DefaultGithubCredentialsProvider,
  GithubCredentialsProvider,
  ScmIntegrations,
} from '@backstage/integration';
import { CatalogService } from '@backstage/plugin-catalog-node';
import { DeploymentEventProviderConnection } from '@deploydash/plugin-deployments-node';
import {
  findGithubRepositories,
  GithubRepository,
  repositoryKey,
} from './catalogRepositories';
import { GithubImportSettings, readGithubImportSettings } from './config';
import { pauseKey } from './feedCheckpoint';
import { deploymentsFeed, workflowRunsFeed } from './feeds';
import { GithubClient, RateLimitedError } from './GithubClient';
import { emptyTotals, importFeed, ImportTotals } from './importFeed';

/** The saved pause of a host, in ms; 0 when none or unreadable. */
function parsePause(value: string | undefined): number {
  try {
    return Date.parse(JSON.parse(value ?? '{}').until) || 0;
  } catch {
    return 0;
  }
}

const describe = (repo: GithubRepository) =>
  `${repositoryKey(repo)} (${repo.entityRef})`;

const formatTotals = (t: ImportTotals) =>
  `${t.imported} events imported, ${t.duplicates} duplicates, ` +
  `${t.rejected} rejected, ${t.unchanged} feeds unchanged`;

/** What one {@link GithubDeploymentsPoller.pollAll} did. @public */
export interface PollSummary extends ImportTotals {
  /** Repositories whose import completed. */
  repositories: number;
  /** Repositories that failed (not found, server errors); the others went on. */
  failed: number;
  /** Hosts paused for their rate limit, with the time they may be called again. */
  paused: Record<string, string>;
}

/** @public */
export interface GithubDeploymentsPollerOptions {
  connection: DeploymentEventProviderConnection;
  catalog: CatalogService;
  auth: AuthService;
  logger: LoggerService;
  settings: GithubImportSettings;
  integrations: ScmIntegrations;
  credentials: GithubCredentialsProvider;
  /** For tests: the clock rate-limit pauses and the backfill window use. */
  now?: () => number;
}

/**
 * Imports GitHub deployments (and deploy workflow runs) of every catalog
 * entity annotated `github.com/project-slug`, one repository after another.
 * The module runs it on its schedule; tests and custom setups can call
 * {@link GithubDeploymentsPoller.pollAll} themselves.
 *
 * @public
 */
export class GithubDeploymentsPoller {
  private readonly clients = new Map<string, GithubClient>();
  /** Catalog problems already logged, so each is logged once, not every poll. */
  private readonly reported = new Set<string>();
  private readonly now: () => number;

  static fromConfig(
    config: Config,
    deps: Omit<
      GithubDeploymentsPollerOptions,
      'settings' | 'integrations' | 'credentials'
    >,
  ): GithubDeploymentsPoller {
    const integrations = ScmIntegrations.fromConfig(config);
    return new GithubDeploymentsPoller({
      ...deps,
      settings: readGithubImportSettings(config),
      integrations,
      credentials:
        DefaultGithubCredentialsProvider.fromIntegrations(integrations),
    });
  }

  constructor(private readonly options: GithubDeploymentsPollerOptions) {
    this.now = options.now ?? Date.now;
  }

  async pollAll(signal?: AbortSignal): Promise<PollSummary> {
    const { logger, settings, connection } = this.options;
    const startedAt = this.now();
    const summary: PollSummary = {
      ...emptyTotals(),
      repositories: 0,
      failed: 0,
      paused: {},
    };
    const { repositories, problems } = await findGithubRepositories({
      catalog: this.options.catalog,
      auth: this.options.auth,
      defaultHost: settings.defaultHost,
      integrationHosts: settings.integrationHosts,
    });
    this.reportOnce(problems);

    const pausedUntil = new Map<string, number>();
    const pauseChecked = new Set<string>();
    for (const repo of repositories) {
      if (signal?.aborted) break;
      if ((pausedUntil.get(repo.host) ?? 0) > this.now()) continue;
      const totals = emptyTotals();
      try {
        const client = this.clientFor(repo.host);
        if (!pauseChecked.has(repo.host)) {
          pauseChecked.add(repo.host);
          // Another replica may have been told to wait.
          client.pauseUntil(
            parsePause(await connection.getCheckpoint(pauseKey(repo.host))),
          );
        }
        await this.pollRepository(repo, client, totals, signal);
        summary.repositories += 1;
        logger.debug(`GitHub ${describe(repo)}: ${formatTotals(totals)}`);
      } catch (error) {
        await this.recordFailure(repo, error, summary, pausedUntil);
      } finally {
        summary.imported += totals.imported;
        summary.duplicates += totals.duplicates;
        summary.rejected += totals.rejected;
        summary.unchanged += totals.unchanged;
      }
    }

    const polled = `${summary.repositories} of ${repositories.length} repositories polled`;
    const failed = `${summary.failed} failed`;
    const took = `in ${this.now() - startedAt} ms`;
    logger.info(
      `GitHub deployments import: ${polled}, ${formatTotals(
        summary,
      )}, ${failed}, ${took}`,
    );
    return summary;
  }

  /** A rate limit stops the host for this poll (and is shared); anything else, one repository. */
  private async recordFailure(
    repo: GithubRepository,
    error: unknown,
    summary: PollSummary,
    pausedUntil: Map<string, number>,
  ) {
    const { logger, connection } = this.options;
    if (!(error instanceof RateLimitedError)) {
      summary.failed += 1;
      const why =
        error instanceof NotFoundError ? error.message : stringifyError(error);
      logger.warn(`GitHub ${describe(repo)} was not imported: ${why}`);
      return;
    }
    pausedUntil.set(repo.host, error.untilMs);
    const until = new Date(error.untilMs).toISOString();
    summary.paused[repo.host] = until;
    if (error.fresh) {
      await connection.setCheckpoint(
        pauseKey(repo.host),
        JSON.stringify({ until }),
      );
      logger.warn(`${error.message}; this poll stops for ${repo.host}`);
    } else {
      logger.info(
        `GitHub ${repo.host} is paused for its rate limit until ${until}; skipped`,
      );
    }
  }

  private async pollRepository(
    repo: GithubRepository,
    client: GithubClient,
    totals: ImportTotals,
    signal?: AbortSignal,
  ) {
    const { settings, connection } = this.options;
    const feeds = [
      deploymentsFeed(repo, client, signal),
      ...settings.workflows.map(workflow => workflowRunsFeed(repo, workflow)),
    ];
    for (const feed of feeds) {
      try {
        await importFeed({
          feed,
          repo,
          client,
          connection,
          backfillMs: settings.backfillMs,
          lookbackMs: settings.lookbackMs,
          now: this.now,
          totals,
          signal,
        });
      } catch (error) {
        if (!(feed.optional && error instanceof NotFoundError)) throw error;
        this.options.logger.debug(`GitHub ${feed.key}: not found, skipped`);
      }
    }
  }

  private clientFor(host: string): GithubClient {
    let client = this.clients.get(host);
    if (!client) {
      const integration = this.options.integrations.github.byHost(host);
      const apiBaseUrl = integration?.config.apiBaseUrl?.replace(/\/+$/, '');
      if (!apiBaseUrl) {
        throw new NotFoundError(
          `integrations.github has no apiBaseUrl for ${host}`,
        );
      }
      client = new GithubClient({
        host,
        apiBaseUrl,
        credentials: this.options.credentials,
        now: this.now,
      });
      this.clients.set(host, client);
    }
    return client;
  }

  private reportOnce(problems: string[]) {
    for (const problem of problems) {
      if (this.reported.has(problem)) continue;
      this.reported.add(problem);
      this.options.logger.warn(
        `GitHub deployments import skips an entity: ${problem}`,
      );
    }
  }
}
