import {
  ApiBlueprint,
  discoveryApiRef,
  errorApiRef,
  fetchApiRef,
  identityApiRef,
  storageApiRef,
} from '@backstage/frontend-plugin-api';
import { UserSettingsStorage } from '@backstage/plugin-user-settings';

/**
 * Replaces the app's StorageApi (`api:app/storage`, local storage by
 * default) with the user-settings backend's: what a person chooses — the
 * theme, a pinned sidebar, the matrix's compact rows — follows them to any
 * browser they sign in from. Before sign-in, and should the backend fail,
 * it falls back to local storage.
 */
export const userSettingsStorageApi = ApiBlueprint.make({
  name: 'storage',
  params: defineParams =>
    defineParams({
      api: storageApiRef,
      deps: {
        fetchApi: fetchApiRef,
        discoveryApi: discoveryApiRef,
        errorApi: errorApiRef,
        identityApi: identityApiRef,
      },
      factory: deps => UserSettingsStorage.create(deps),
    }),
});
