import { SavedView } from '../savedViews';

/** A saved view named `name`: no columns, no filters, unless given. */
export const savedView = (
  name: string,
  more: Partial<SavedView> = {},
): SavedView => ({
  name,
  columns: '',
  q: '',
  owner: '',
  failures: false,
  ...more,
});
