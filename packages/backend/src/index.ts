import { createBackend } from '@backstage/backend-defaults';

// A lean Backstage backend: the catalog, guest sign-in, permissions (allow-all
// by default), the app bundle server — and the Deployments plugin.
const backend = createBackend();

backend.add(import('@backstage/plugin-app-backend'));

backend.add(import('@backstage/plugin-auth-backend'));
backend.add(import('@backstage/plugin-auth-backend-module-guest-provider'));

backend.add(import('@backstage/plugin-catalog-backend'));

backend.add(import('@backstage/plugin-permission-backend'));
backend.add(
  import('@backstage/plugin-permission-backend-module-allow-all-policy'),
);

backend.add(import('@deploydash/plugin-deployments-backend'));
backend.add(import('@deploydash/plugin-deployments-backend-module-github'));

backend.start();
