export { HistoryDrawer } from './HistoryDrawer';
export type { HistoryDrawerProps, HistoryTarget } from './HistoryDrawer';
export {
  HistorySearchField,
  HistorySearchResults,
  useSearchText,
} from './HistorySearch';
