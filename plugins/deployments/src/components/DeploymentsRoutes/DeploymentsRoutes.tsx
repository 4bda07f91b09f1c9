import { lazy, Suspense } from 'react';
import { Route, Routes } from 'react-router-dom';
import { Progress } from '@backstage/core-components';

// Each page is its own chunk: the matrix does not load the insights charts.
const MatrixPage = lazy(() =>
  import('../MatrixPage').then(m => ({ default: m.MatrixPage })),
);
const InsightsPage = lazy(() =>
  import('../InsightsPage').then(m => ({ default: m.InsightsPage })),
);

/**
 * The plugin's pages below its mount point (`/deployments`): the matrix at
 * the index, the organisation insights at `insights` (insightsRouteRef).
 */
export function DeploymentsRoutes() {
  return (
    <Suspense fallback={<Progress />}>
      <Routes>
        <Route path="/" element={<MatrixPage />} />
        <Route path="/insights" element={<InsightsPage />} />
      </Routes>
    </Suspense>
  );
}
