import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { storageApiRef, useApi } from '@backstage/core-plugin-api';
import {
  SavedView,
  VIEWS_BUCKET,
  VIEWS_KEY,
  parseSavedViews,
  putView,
  removeView,
} from './savedViews';

/** What saving did: saved anew, replaced a view of that name, or full. */
export type SaveOutcome = 'saved' | 'replaced' | 'full';

export interface SavedViews {
  views: SavedView[];
  /** Saves a view; a view of the same name is replaced. */
  save(view: SavedView): Promise<SaveOutcome>;
  /** Deletes the view named `name`. */
  remove(name: string): Promise<void>;
}

/**
 * The signed-in person's saved matrix views, kept in Backstage's StorageApi
 * (bucket `deployments`, key `savedViews`) like the density: per user with
 * the user-settings backend, else in this browser. What the store holds is
 * checked; malformed entries are left out.
 */
export function useSavedViews(): SavedViews {
  const storage = useApi(storageApiRef);
  const bucket = useMemo(() => storage.forBucket(VIEWS_BUCKET), [storage]);
  const [views, setViews] = useState(() =>
    parseSavedViews(bucket.snapshot(VIEWS_KEY).value),
  );
  // The newest list, for saves made before a render.
  const latest = useRef(views);
  const show = useCallback((next: SavedView[]) => {
    latest.current = next;
    setViews(next);
  }, []);
  useEffect(() => {
    show(parseSavedViews(bucket.snapshot(VIEWS_KEY).value));
    const subscription = bucket
      .observe$(VIEWS_KEY)
      .subscribe(snapshot => show(parseSavedViews(snapshot.value)));
    return () => subscription.unsubscribe();
  }, [bucket, show]);

  const store = useCallback(
    async (next: SavedView[]) => {
      const before = latest.current;
      show(next);
      try {
        await bucket.set(VIEWS_KEY, next);
      } catch (error) {
        show(before);
        throw error;
      }
    },
    [bucket, show],
  );
  const save = useCallback(
    async (view: SavedView): Promise<SaveOutcome> => {
      const current = latest.current;
      const next = putView(current, view);
      if (!next) return 'full';
      const replaced = next.length === current.length;
      await store(next);
      return replaced ? 'replaced' : 'saved';
    },
    [store],
  );
  const remove = useCallback(
    (name: string) => store(removeView(latest.current, name)),
    [store],
  );
  return { views, save, remove };
}
