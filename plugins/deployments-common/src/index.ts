/**
 * Types, validation and permissions shared by the Deployments plugins.
 *
 * @packageDocumentation
 */
export * from './eventSchema';
export * from './incidentSchema';
export * from './types';
export * from './insightsTypes';
export * from './timestamp';
export * from './ingestSchema';
export * from './permissions';
export * from './codePointOrder';
export * from './environmentOrder';
export * from './freezeTypes';
