// The browser's react-query cache, when a page that uses it has loaded it. The shell (team switch)
// and other code outside the query provider drop everything cached through this, without
// importing the query library: pages like the dashboard and orders ship without it.
let invalidateAll: (() => Promise<unknown>) | null = null;

export function registerQueryCache(invalidate: () => Promise<unknown>) {
  invalidateAll = invalidate;
}

/** Marks every cached query stale (after a team switch everything cached belonged to the old team). */
export async function invalidateQueryCache() {
  await invalidateAll?.();
}
