import { DeploymentEvent } from '@deploydash/plugin-deployments-common';
import { DeploymentsApi } from '../api/DeploymentsApi';
import { DeploymentsApiError } from '../api/DeploymentsApiError';
import { backoffDelay, sleep } from './backoff';

/** Whether the stream is delivering updates right now. */
export type LiveStatus = 'connecting' | 'live' | 'reconnecting';

export interface StreamLoopOptions {
  api: DeploymentsApi;
  service?: string;
  signal: AbortSignal;
  onStatus(status: LiveStatus): void;
  /** The server accepted the connection: frames from here on arrive. */
  onOpen(): void;
  onEvent(event: DeploymentEvent): void;
  /** An `event: void` frame: this event was voided. */
  onVoid?(event: DeploymentEvent): void;
  /**
   * The next connection cannot resume where the page left off (the server
   * forgot the cursor, or no frame gave one yet): whatever happened in
   * between is known only to a re-fetch.
   */
  onGap(): void;
  /** A connection failed or ended; `opened` tells whether it was live. */
  onDrop(error: Error | undefined, opened: boolean): void;
}

/**
 * Follows the stream for as long as the signal lives. It resumes after a
 * drop with `Last-Event-ID` (the last frame's cursor), so the server
 * replays what was missed and no re-fetch is needed; backoff between
 * attempts (reset once a connection opens) keeps many open pages from
 * hammering a restarting backend.
 */
export async function runStreamLoop(options: StreamLoopOptions): Promise<void> {
  const { api, service, signal } = options;
  // Objects, not lets: the stream's callbacks update them.
  const resume: { cursor?: string } = {};
  const backoff = { attempt: 0 };
  while (!signal.aborted) {
    let opened = false;
    let failure: Error | undefined;
    try {
      await api.streamEvents({
        service,
        lastEventId: resume.cursor,
        signal,
        onOpen: () => {
          opened = true;
          backoff.attempt = 0;
          options.onStatus('live');
          options.onOpen();
        },
        onEvent: (event, frameCursor) => {
          resume.cursor = frameCursor;
          options.onEvent(event);
        },
        // No cursor: a void is not a position of the log.
        onVoid: event => options.onVoid?.(event),
      });
    } catch (error) {
      failure = error as Error;
      // The server no longer knows the cursor (e.g. a reset database).
      if (error instanceof DeploymentsApiError && error.status === 400) {
        resume.cursor = undefined;
      }
    }
    if (signal.aborted) return;
    if (resume.cursor === undefined) options.onGap();
    options.onDrop(failure, opened);
    options.onStatus('reconnecting');
    await sleep(backoffDelay(backoff.attempt++), signal);
  }
}
