import { useCallback } from 'react';
import { useApi } from '@backstage/core-plugin-api';
import { PromotionResponse } from '@deploydash/plugin-deployments-common';
import { deploymentsApiRef } from '../api/DeploymentsApi';
import { RefreshableResult, useRefreshable } from './useRefreshable';

/**
 * Promotion lanes of one service, or of every service when `service` is
 * undefined; loaded again whenever `refreshKey` changes. `enabled: false`
 * loads nothing (e.g. until there is a matrix to decorate).
 */
export function usePromotion(
  service: string | undefined,
  refreshKey?: string,
  enabled = true,
): RefreshableResult<PromotionResponse> {
  const api = useApi(deploymentsApiRef);
  const load = useCallback(
    (signal: AbortSignal) =>
      api.getPromotion(service === undefined ? {} : { service }, { signal }),
    [api, service],
  );
  return useRefreshable(enabled ? load : undefined, refreshKey);
}
