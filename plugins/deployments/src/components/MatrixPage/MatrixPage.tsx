import { useCallback, useMemo, useRef, useState } from 'react';
import {
  Content,
  EmptyState,
  Header,
  Page,
  Progress,
} from '@backstage/core-components';
import { MatrixResponse } from '@deploydash/plugin-deployments-common';
import {
  MatrixFilters as Filters,
  useMatrixFilters,
} from '../../hooks/useMatrixFilters';
import { MatrixServerFilters, useMatrix } from '../../hooks/useMatrix';
import { useOwnerOptions } from '../../hooks/useOwnerOptions';
import { useEntityLink } from '../../hooks/useLinks';
import { HistoryDrawer, HistoryTarget } from '../HistoryDrawer';
import { LiveIndicator } from '../shared/LiveIndicator';
import { ProblemPanel } from '../shared/ProblemPanel';
import { MatrixFilters } from './MatrixFilters';
import { MatrixTable } from './MatrixTable';
import { useDriftLabels } from './useDriftLabels';

/** The `/deployments` page: what is deployed where, updated live. */
export function MatrixPage() {
  // Page derives a new theme object on every render it makes, which would
  // re-render every styled slot; so the live state lives in a child below it.
  return (
    <Page themeId="tool">
      <MatrixPageBody />
    </Page>
  );
}

/** The URL's filters as the server takes them; the same object until one changes. */
function useServerFilters(filters: Filters): MatrixServerFilters {
  const { query, owner, failuresOnly } = filters;
  return useMemo(
    () => ({
      q: query.trim() || undefined,
      owner: owner || undefined,
      failuresOnly: failuresOnly || undefined,
    }),
    [query, owner, failuresOnly],
  );
}

/**
 * Changes whenever the matrix does (undefined while it has no rows). Finding
 * the newest cursor instead would walk every slot of thousands of rows on
 * every frame.
 */
function useMatrixVersion(matrix?: MatrixResponse): string | undefined {
  const seen = useRef({ matrix, version: 0 });
  if (seen.current.matrix !== matrix) {
    seen.current = { matrix, version: seen.current.version + 1 };
  }
  return matrix?.services.length ? String(seen.current.version) : undefined;
}

function MatrixPageBody() {
  const [filters, setFilters] = useMatrixFilters();
  const serverFilters = useServerFilters(filters);
  const live = useMatrix({ filters: serverFilters, view: 'summary' });
  const { matrix, loading, error } = live;
  const [selected, setSelected] = useState<HistoryTarget>();
  const entityLink = useEntityLink();
  const ownerOptions = useOwnerOptions();

  // Stable, so memoised cells are not re-rendered by a new callback.
  const onOpen = useCallback(
    (service: string, environment: string) =>
      setSelected({ service, environment }),
    [],
  );
  const onClose = useCallback(() => setSelected(undefined), []);
  // Each new event may change what waits for promotion where.
  const drift = useDriftLabels(useMatrixVersion(matrix));

  const selectedSlot = selected
    ? matrix?.services.find(s => s.service === selected.service)?.slots[
        selected.environment
      ]
    : undefined;

  let body;
  if (matrix && matrix.environments.length === 0 && !live.hasMore) {
    body = (
      <EmptyState
        missing="data"
        title="No deployments yet"
        description="Deployments appear here as soon as a pipeline posts its first event to /api/deployments. Each component's Deployments tab shows the exact command."
      />
    );
  } else {
    let table;
    if (matrix) {
      table = (
        <MatrixTable
          environments={matrix.environments}
          rows={matrix.services}
          drift={drift}
          entityLink={entityLink}
          onOpen={onOpen}
          hasMore={live.hasMore}
          loadingMore={live.loadingMore}
          loadMore={live.loadMore}
        />
      );
    } else if (loading) {
      table = <Progress />;
    } else {
      // No Retry button: useMatrix keeps retrying with backoff by itself.
      table = <ProblemPanel error={error ?? new Error('No data')} />;
    }
    // The filters stay mounted while new filters load, so typing goes on.
    body = (
      <>
        <MatrixFilters
          filters={filters}
          onChange={setFilters}
          ownerOptions={ownerOptions}
          loaded={matrix?.services.length}
          complete={!!matrix && !live.hasMore}
        />
        {table}
      </>
    );
  }

  return (
    <>
      <Header title="Deployments" subtitle="What is deployed where, live">
        <LiveIndicator status={live.status} behind={live.behind} />
      </Header>
      <Content>
        {body}
        <HistoryDrawer
          target={selected}
          refreshKey={selectedSlot?.current.id}
          onClose={onClose}
        />
      </Content>
    </>
  );
}
