/**
 * Plain code-point order. Neither the database's collation nor
 * `Array.prototype.sort` (UTF-16 units) gives it; UTF-8 byte order does.
 */
export function byCodePoint(a: string, b: string): number {
  return Buffer.compare(Buffer.from(a, 'utf8'), Buffer.from(b, 'utf8'));
}
