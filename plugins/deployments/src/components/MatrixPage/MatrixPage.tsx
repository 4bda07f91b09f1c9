import { useCallback, useMemo, useState } from 'react';
import {
  Content,
  EmptyState,
  Header,
  Page,
  Progress,
} from '@backstage/core-components';
import { useMatrix } from '../../hooks/useMatrix';
import { useMatrixFilters } from '../../hooks/useMatrixFilters';
import { entityRefsKeyOf, useEntityOwners } from '../../hooks/useEntityOwners';
import { useEntityLink } from '../../hooks/useLinks';
import { latestCursor } from '../../state/eventOrder';
import { HistoryDrawer, HistoryTarget } from '../HistoryDrawer';
import { LiveIndicator } from '../shared/LiveIndicator';
import { ProblemPanel } from '../shared/ProblemPanel';
import { filterServices } from './filterServices';
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

function MatrixPageBody() {
  const { matrix, loading, error, status } = useMatrix();
  const [filters, setFilters] = useMatrixFilters();
  const [selected, setSelected] = useState<HistoryTarget>();
  const entityLink = useEntityLink();

  const services = matrix?.services;
  const refsKey = useMemo(
    () => entityRefsKeyOf((services ?? []).map(s => s.entity_ref)),
    [services],
  );
  const owners = useEntityOwners(refsKey);
  const ownerOptions = useMemo(
    () => [...new Set(owners.values())].sort(),
    [owners],
  );
  const rows = useMemo(
    () => filterServices(services ?? [], filters, owners),
    [services, filters, owners],
  );
  // Stable, so memoised cells are not re-rendered by a new callback.
  const onOpen = useCallback(
    (service: string, environment: string) =>
      setSelected({ service, environment }),
    [],
  );
  const onClose = useCallback(() => setSelected(undefined), []);
  // Each new event may change what waits for promotion where.
  const latest = useMemo(
    () => (matrix ? latestCursor(matrix) : undefined),
    [matrix],
  );
  const drift = useDriftLabels(latest);

  const selectedSlot = selected
    ? services?.find(s => s.service === selected.service)?.slots[
        selected.environment
      ]
    : undefined;

  let body;
  if (loading) {
    body = <Progress />;
  } else if (!matrix) {
    // No Retry button: useMatrix keeps retrying with backoff by itself.
    body = <ProblemPanel error={error ?? new Error('No data')} />;
  } else if (matrix.services.length === 0) {
    body = (
      <EmptyState
        missing="data"
        title="No deployments yet"
        description="Deployments appear here as soon as a pipeline posts its first event to /api/deployments. Each component's Deployments tab shows the exact command."
      />
    );
  } else {
    body = (
      <>
        <MatrixFilters
          filters={filters}
          onChange={setFilters}
          ownerOptions={ownerOptions}
          shown={rows.length}
          total={matrix.services.length}
        />
        <MatrixTable
          environments={matrix.environments}
          rows={rows}
          owners={owners}
          drift={drift}
          entityLink={entityLink}
          onOpen={onOpen}
        />
      </>
    );
  }

  return (
    <>
      <Header title="Deployments" subtitle="What is deployed where, live">
        <LiveIndicator status={status} />
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
