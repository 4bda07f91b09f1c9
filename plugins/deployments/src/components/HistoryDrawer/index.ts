export { HistoryDrawer } from './HistoryDrawer';
export type { HistoryDrawerProps, HistoryTarget } from './HistoryDrawer';
