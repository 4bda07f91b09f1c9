import {
  coreServices,
  createServiceFactory,
  createServiceRef,
} from '@backstage/backend-plugin-api';

/** Proof that the gate is mounted; the plugin depends on it for that alone. */
export interface ActionsAuthGate {
  readonly paths: string;
}

const ACTIONS_PATHS = '/.backstage/actions/';

/**
 * Demands Backstage credentials (a user or a service) on the actions
 * registry's routes of this plugin (`/.backstage/actions/…`).
 *
 * Why it is needed: the plugin allows unauthenticated requests on every path
 * (`addAuthPolicy({ path: '/' })`, for API-key ingest on `POST /`), and its
 * own router denies by default — but the actions registry mounts its routes
 * ahead of that router, and its list route takes any request. This gate is
 * mounted on the plugin's HTTP router while the plugin's dependencies are
 * resolved, one after another in their declared order; listed before
 * `actionsRegistry` in the plugin's deps, it comes before the registry's
 * routes. `service/denyByDefault.test.ts` and `actions/actions.test.ts`
 * fail if it ever stops doing so.
 */
export const actionsAuthGateServiceRef = createServiceRef<ActionsAuthGate>({
  id: 'deployments.actions-auth-gate',
  scope: 'plugin',
  defaultFactory: async service =>
    createServiceFactory({
      service,
      deps: { httpRouter: coreServices.httpRouter, httpAuth: coreServices.httpAuth },
      factory({ httpRouter, httpAuth }) {
        httpRouter.use((req, _res, next) => {
          if (!req.path.startsWith(ACTIONS_PATHS)) {
            next();
            return;
          }
          httpAuth.credentials(req, { allow: ['user', 'service'] }).then(() => next(), next);
        });
        return { paths: ACTIONS_PATHS };
      },
    }),
});
