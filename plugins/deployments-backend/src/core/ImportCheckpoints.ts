import { DeploymentsStore } from '../database/DeploymentsStore';

/**
 * Where each pull-mode provider stopped in each of its sources (e.g. a
 * repository's deployments feed), kept in the plugin's database so that every
 * replica, and the next start, resumes there.
 */
export class ImportCheckpoints {
  constructor(private readonly store: DeploymentsStore) {}

  get(provider: string, key: string): Promise<string | undefined> {
    return this.store.getImportCheckpoint(provider, key);
  }

  set(provider: string, key: string, value: string): Promise<void> {
    return this.store.setImportCheckpoint(provider, key, value);
  }
}
