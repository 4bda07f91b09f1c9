/**
 * Extension points of the Deployments backend plugin, for backend modules.
 *
 * @packageDocumentation
 */
export * from './providers';
