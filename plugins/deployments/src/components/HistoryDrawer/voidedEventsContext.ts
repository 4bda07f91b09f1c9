import { createContext } from 'react';
import { DeploymentEvent } from '@deploydash/plugin-deployments-common';

/**
 * What the history around an event does once the user voided it (the
 * drawer reloads its runs). Without a provider nothing happens beyond the
 * dialog closing; the matrix hears of the void from the stream.
 */
export const VoidedEventsContext = createContext<
  (event: DeploymentEvent) => void
>(() => {});
