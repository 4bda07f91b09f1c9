import { useCallback, useMemo } from 'react';
import { useSearchParams } from 'react-router-dom';
import { paramsWithPeriod, periodFromParams } from '../state/period';

/**
 * The period shared by every metrics view, read from and written to the
 * URL search params.
 *
 * @public
 */
export interface Period {
  /**
   * Start of the period, RFC 3339 (00:00 UTC of its first day): pass it
   * as-is as the API's inclusive `from`.
   */
  from: string;
  /**
   * End of the period, RFC 3339 (00:00 UTC of the day after its last day):
   * pass it as-is as the API's exclusive `to`.
   */
  to: string;
  /** `7d`, `30d`, `90d` or `quarter` when a preset chose the period. */
  preset: string | undefined;
  /**
   * Choose a period. With a known `preset`, `from`/`to` are ignored and the
   * URL holds only `preset`; else `from` and `to` are days (`YYYY-MM-DD`,
   * both inclusive) or instants as this hook returns them. Other search
   * params are kept; the history entry is replaced.
   */
  setPeriod(p: { from: string; to: string; preset?: string }): void;
}

/**
 * The metrics period from the URL: `?preset=7d|30d|90d|quarter` (default
 * `30d`), evaluated against now whenever the URL changes, so a shared
 * "last 30 days" link stays relative; or `?from=YYYY-MM-DD&to=YYYY-MM-DD`
 * (UTC days, both inclusive). Invalid params fall back to the default.
 */
export function usePeriod(): Period {
  const [params, setParams] = useSearchParams();
  // Keyed on the params only: "now" is read when they change, not on every
  // render, so the returned strings stay stable and requests are not repeated.
  const resolved = useMemo(
    () => periodFromParams(params, Date.now()),
    [params],
  );
  const setPeriod = useCallback(
    (p: { from: string; to: string; preset?: string }) =>
      setParams(prev => paramsWithPeriod(prev, p), { replace: true }),
    [setParams],
  );
  return useMemo(
    () => ({
      from: resolved.from,
      to: resolved.to,
      preset: resolved.preset,
      setPeriod,
    }),
    [resolved, setPeriod],
  );
}
