/**
 * The Deployments backend plugin.
 *
 * @packageDocumentation
 */
export { deploymentsPlugin as default } from './plugin';
