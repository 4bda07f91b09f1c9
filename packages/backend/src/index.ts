import { createBackend } from '@backstage/backend-defaults';

// A lean Backstage backend: the catalog, guest sign-in, permissions (allow-all
// by default), the app bundle server — and the Deployments plugin.
const backend = createBackend();

backend.add(import('@backstage/plugin-app-backend'));

backend.add(import('@backstage/plugin-auth-backend'));
backend.add(import('@backstage/plugin-auth-backend-module-guest-provider'));

backend.add(import('@backstage/plugin-catalog-backend'));

// The bell: Backstage's notifications (failed, recovered and waiting
// deployments reach their owners, docs/operations.md) and signals, which push
// new ones to open pages.
backend.add(import('@backstage/plugin-notifications-backend'));
backend.add(import('@backstage/plugin-signals-backend'));

// Each person's settings (theme, compact matrix rows, ...) stored per user:
// the app's StorageApi writes here (packages/app/src/modules/shell).
backend.add(import('@backstage/plugin-user-settings-backend'));

backend.add(import('@backstage/plugin-permission-backend'));
backend.add(
  import('@backstage/plugin-permission-backend-module-allow-all-policy'),
);

backend.add(import('@deploydash/plugin-deployments-backend'));
// Offers the Deployments actions to AI assistants over MCP
// (backend.actions.pluginSources in app-config.yaml, docs/assistants.md).
backend.add(import('@backstage/plugin-mcp-actions-backend'));
backend.add(import('@deploydash/plugin-deployments-backend-module-github'));

backend.start();
