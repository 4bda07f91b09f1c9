export interface Config {
  /** Configuration of the Deployments plugin. */
  deployments?: {
    ingest?: {
      /**
       * Keys CI pipelines send in the `X-Api-Key` header of
       * `POST /api/deployments`. Each has a name (logged, never the key) and
       * either the key itself or its SHA-256 hex digest.
       */
      apiKeys?: Array<{
        /** Shown in logs instead of the key. */
        name: string;
        /**
         * The key in plain text.
         * @visibility secret
         */
        key?: string;
        /**
         * Lower-case hex SHA-256 digest of the key, for configs that must not
         * hold the key itself.
         * @visibility secret
         */
        sha256?: string;
      }>;
    };
    environments?: {
      /** Environments listed first in the matrix, in this order; others follow alphabetically. */
      order?: string[];
    };
    stream?: {
      /** Seconds between `: ping` comments on an idle stream. Defaults to 15. */
      pingIntervalSeconds?: number;
      /**
       * Seconds between reads of the log when no notification arrived: a
       * safety net behind PostgreSQL LISTEN/NOTIFY. Defaults to 5.
       */
      pollIntervalSeconds?: number;
    };
    catalog?: {
      /** Seconds the catalog service-name mapping is cached. Defaults to 60. */
      cacheSeconds?: number;
    };
  };
}
