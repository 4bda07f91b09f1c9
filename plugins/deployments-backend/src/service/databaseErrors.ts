// Error codes meaning "the database cannot be reached right now", as opposed
// to a bad query: node-postgres socket errors, PostgreSQL connection-class
// SQLSTATEs (08xxx, 57P0x) and SQLite lock contention.
const UNAVAILABLE_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'ENOTFOUND',
  'EPIPE',
  '08000',
  '08001',
  '08003',
  '08006',
  '57P01',
  '57P02',
  '57P03',
  'SQLITE_BUSY',
]);

/** True when an error says the database is unreachable (answer 503, not 500). */
export function isDatabaseUnavailable(error: unknown): boolean {
  if (!error || typeof error !== 'object') return false;
  const e = error as { code?: unknown; name?: unknown; message?: unknown };
  if (typeof e.code === 'string' && UNAVAILABLE_CODES.has(e.code)) return true;
  if (e.name === 'KnexTimeoutError') return true;
  return (
    typeof e.message === 'string' &&
    /Connection terminated|connect ECONNREFUSED/.test(e.message)
  );
}
