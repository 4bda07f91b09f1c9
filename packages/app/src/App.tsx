import { createApp } from '@backstage/frontend-defaults';
import catalogPlugin from '@backstage/plugin-catalog/alpha';
import orgPlugin from '@backstage/plugin-org/alpha';
import notificationsPlugin from '@backstage/plugin-notifications/alpha';
import signalsPlugin from '@backstage/plugin-signals/alpha';
import userSettingsPlugin from '@backstage/plugin-user-settings/alpha';
import deploymentsPlugin from '@deploydash/plugin-deployments/alpha';
import { navModule } from './modules/nav';
import { shellModule } from './modules/shell';

export default createApp({
  features: [
    catalogPlugin,
    orgPlugin,
    deploymentsPlugin,
    // The bell (its nav item is in modules/nav/Sidebar.tsx) and live updates.
    notificationsPlugin,
    signalsPlugin,
    // /settings: the theme switch; shellModule keeps settings per user.
    userSettingsPlugin,
    navModule,
    shellModule,
  ],
});
