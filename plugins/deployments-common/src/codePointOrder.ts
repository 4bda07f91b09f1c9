/**
 * Orders two strings by Unicode code point, the order the matrix contract
 * gives services and environments, so the backend's lists and the rows the
 * frontend inserts live agree.
 *
 * Plain `<` and `Array.prototype.sort` compare UTF-16 code units instead:
 * they put an astral character such as U+1F600 (a surrogate pair starting at
 * 0xD83D) before U+FF5E, while code-point order puts it after. A lone
 * surrogate counts as its own code point.
 *
 * @returns a negative number, zero or a positive number, as `sort` expects
 * @public
 */
export function compareCodePoints(a: string, b: string): number {
  let i = 0;
  while (i < a.length && i < b.length) {
    const x = a.codePointAt(i)!;
    const y = b.codePointAt(i)!;
    if (x !== y) return x < y ? -1 : 1;
    // Equal code points have equal widths, so one index serves both strings.
    i += x > 0xffff ? 2 : 1;
  }
  return Math.sign(a.length - b.length);
}

