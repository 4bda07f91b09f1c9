import { useCallback, useMemo, useRef } from 'react';
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
import { useEventKey } from '../../hooks/useEventKey';
import { useHistoryParam } from '../../hooks/useHistoryParam';
import { useMatrixDensity } from '../../hooks/useMatrixDensity';
import { useExpandedGroups } from '../../hooks/useExpandedGroups';
import { useMatrixColumns } from '../../hooks/useMatrixColumns';
import { slotKey } from '../../state/drift';
import { HistoryDrawer } from '../HistoryDrawer';
import { LiveIndicator } from '../shared/LiveIndicator';
import { InsightsLink } from '../shared/InsightsLink';
import { ProblemPanel } from '../shared/ProblemPanel';
import { FreezeBanner } from '../Freezes';
import { DensitySwitch } from './DensitySwitch';
import { ColumnsMenu } from './ColumnsMenu';
import { ViewsMenu } from './ViewsMenu';
import { MatrixFilters } from './MatrixFilters';
import { MatrixTable } from './MatrixTable';
import { rowHeightOf } from './matrixLayout';
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

const NO_ENVIRONMENTS: string[] = [];

function MatrixPageBody() {
  const [filters, setFilters] = useMatrixFilters();
  const serverFilters = useServerFilters(filters);
  const live = useMatrix({ filters: serverFilters, view: 'summary' });
  const { matrix, loading, error } = live;
  // The open drawer is in the URL (?service=&environment=): linkable.
  const [selected, setSelected] = useHistoryParam();
  const [density, setDensity] = useMatrixDensity();
  // Environment groups the person expanded (collapsed by default).
  const [expandedGroups, toggleGroup] = useExpandedGroups();
  // The Columns menu's order and hidden columns, from the URL (?columns=).
  const columns = useMatrixColumns(
    matrix?.environments ?? NO_ENVIRONMENTS,
    matrix?.environment_groups,
  );
  const entityLink = useEntityLink();
  const ownerOptions = useOwnerOptions();

  // Stable, so memoised cells are not re-rendered by a new callback (the
  // URL setter changes with every URL).
  const select = useRef(setSelected);
  select.current = setSelected;
  const onOpen = useCallback(
    (service: string, environment: string) =>
      select.current({ service, environment }),
    [],
  );
  const onClose = useCallback(() => select.current(undefined), []);
  // Any event of the open slot reloads its runs, also one that is not the
  // slot's current event (a run cancelled behind a newer one).
  const slotEvents = useEventKey(
    live.subscribe,
    selected
      ? e =>
          e.service === selected.service &&
          e.environment === selected.environment
      : () => false,
  );
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
          environments={columns.environments}
          rows={matrix.services}
          drift={drift}
          entityLink={entityLink}
          onOpen={onOpen}
          hasMore={live.hasMore}
          loadingMore={live.loadingMore}
          loadMore={live.loadMore}
          compact={density === 'compact'}
          rowHeight={rowHeightOf(density)}
          groups={columns.groups}
          expandedGroups={expandedGroups}
          onToggleGroup={toggleGroup}
        />
      );
    } else if (loading) {
      table = <Progress />;
    } else {
      // useMatrix also retries by itself, with backoff; Retry asks now.
      table = (
        <ProblemPanel
          error={error ?? new Error('No data')}
          onRetry={live.retry}
        />
      );
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
        >
          <ColumnsMenu
            layout={columns.layout}
            groups={matrix?.environment_groups}
            onChange={columns.setLayout}
            onReset={columns.reset}
          />
          <ViewsMenu />
          <DensitySwitch density={density} onChange={setDensity} />
        </MatrixFilters>
        {table}
      </>
    );
  }

  return (
    <>
      <Header title="Deployments" subtitle="What is deployed where, live">
        <LiveIndicator status={live.status} behind={live.behind} />
        <InsightsLink />
      </Header>
      <Content>
        <FreezeBanner />
        {body}
        <HistoryDrawer
          target={selected}
          refreshKey={`${selectedSlot?.current.id}:${slotEvents}`}
          note={
            selected
              ? drift.get(slotKey(selected.service, selected.environment))
              : undefined
          }
          onClose={onClose}
        />
      </Content>
    </>
  );
}
