import { useEffect, useState } from 'react';
import { useApi } from '@backstage/core-plugin-api';
import {
  DeploymentEvent,
  MatrixResponse,
} from '@deploydash/plugin-deployments-common';
import { deploymentsApiRef } from '../api/DeploymentsApi';
import { DeploymentsApiError } from '../api/DeploymentsApiError';
import {
  applyDeploymentEvent,
  isUnknownToMatrix,
} from '../state/matrixReducer';
import { latestCursor } from '../state/eventOrder';
import { reconcileMatrix } from '../state/reconcileMatrix';
import { backoffDelay, sleep } from './backoff';

/** Whether the stream is delivering updates right now. */
export type LiveStatus = 'connecting' | 'live' | 'reconnecting';

/** @public */
export interface UseMatrixResult {
  matrix?: MatrixResponse;
  loading: boolean;
  /** The last failure to load the snapshot; cleared once one loads. */
  error?: Error;
  status: LiveStatus;
}

/** Delay before re-fetching the snapshot after a frame named a new row or
 * column (its catalog link and column position come from the backend). */
const RESYNC_DELAY_MS = 1_000;

/**
 * The deployment matrix, kept live: loads a snapshot, then follows the
 * stream from the snapshot's greatest cursor and folds every frame in.
 * After a dropped connection it reconnects with `Last-Event-ID` (the last
 * cursor seen) and exponential backoff, so nothing is missed; frames that
 * are replayed twice are harmless to the reducer.
 */
export function useMatrix(options: { service?: string } = {}): UseMatrixResult {
  const api = useApi(deploymentsApiRef);
  const { service } = options;
  const [matrix, setMatrix] = useState<MatrixResponse>();
  const [error, setError] = useState<Error>();
  const [status, setStatus] = useState<LiveStatus>('connecting');

  useEffect(() => {
    const controller = new AbortController();
    const { signal } = controller;
    let current: MatrixResponse | undefined;
    let cursor: string | undefined;
    // Frames received while a re-sync snapshot is in flight: re-applied on
    // top of it, since the snapshot may predate them.
    let resyncBuffer: DeploymentEvent[] | undefined;
    let resyncTimer: ReturnType<typeof setTimeout> | undefined;

    const publish = (next: MatrixResponse) => {
      if (signal.aborted || next === current) return;
      current = next;
      setMatrix(next);
    };

    const resync = async () => {
      resyncBuffer = [];
      try {
        const snapshot = await api.getMatrix({ service }, { signal });
        const pending = resyncBuffer;
        resyncBuffer = undefined;
        publish(
          pending.reduce(
            applyDeploymentEvent,
            reconcileMatrix(current, snapshot),
          ),
        );
      } catch {
        // Keep the live state; the next new row or column retries.
        resyncBuffer = undefined;
      }
    };

    const onEvent = (event: DeploymentEvent, frameCursor: string) => {
      cursor = frameCursor;
      if (!current) return;
      resyncBuffer?.push(event);
      if (isUnknownToMatrix(current, event) && !resyncTimer) {
        resyncTimer = setTimeout(() => {
          resyncTimer = undefined;
          resync();
        }, RESYNC_DELAY_MS);
      }
      publish(applyDeploymentEvent(current, event));
    };

    const run = async () => {
      // An object, not a let: the stream's onOpen resets it from a callback.
      const backoff = { attempt: 0 };
      let needSnapshot = true;
      while (!signal.aborted) {
        try {
          if (needSnapshot) {
            const snapshot = await api.getMatrix({ service }, { signal });
            // '0' replays everything after an empty snapshot: no gap.
            cursor = latestCursor(snapshot) ?? '0';
            publish(reconcileMatrix(current, snapshot));
            setError(undefined);
            needSnapshot = false;
          }
          await api.streamEvents({
            service,
            lastEventId: cursor,
            signal,
            onOpen: () => {
              backoff.attempt = 0;
              setStatus('live');
            },
            onEvent,
          });
        } catch (e) {
          if (signal.aborted) return;
          if (!current) setError(e as Error);
          // The server no longer knows our cursor (e.g. a reset database):
          // start over from a fresh snapshot.
          if (e instanceof DeploymentsApiError && e.status === 400) {
            needSnapshot = true;
          }
        }
        if (signal.aborted) return;
        setStatus('reconnecting');
        await sleep(backoffDelay(backoff.attempt++), signal);
      }
    };

    setMatrix(undefined);
    setError(undefined);
    setStatus('connecting');
    run();
    return () => {
      controller.abort();
      clearTimeout(resyncTimer);
    };
  }, [api, service]);

  return { matrix, loading: !matrix && !error, error, status };
}
