import { createFrontendModule } from '@backstage/frontend-plugin-api';
import { homeRedirect } from './HomeRedirect';
import { userSettingsStorageApi } from './userSettingsStorage';

/** The app's shell: where `/` goes, and where user settings are stored. */
export const shellModule = createFrontendModule({
  pluginId: 'app',
  extensions: [homeRedirect, userSettingsStorageApi],
});
