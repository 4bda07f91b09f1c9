export interface Config {
  deployments?: {
    /** How the deployment matrix flags environments that lag behind. */
    drift?: {
      /**
       * A slot gets a drift badge when successes of the environment before
       * it in the lane have waited for promotion longer than this many
       * hours. Default 24.
       *
       * @visibility frontend
       */
      thresholdHours?: number;
    };
    environments?: {
      /**
       * Environments listed first in the matrix, in this order; others
       * follow alphabetically. The backend orders its answers by it; the
       * page reads it too, to place a column a live frame introduces
       * where the backend would.
       *
       * @visibility frontend
       */
      order?: string[];
    };
  };
}
