import { compareCodePoints } from './codePointOrder';

/** UTF-8 byte order equals code-point order for well-formed strings. */
function byUtf8(a: string, b: string): number {
  return Buffer.compare(Buffer.from(a, 'utf8'), Buffer.from(b, 'utf8'));
}

describe('compareCodePoints', () => {
  it('puts an astral character after a U+FFFF-range one, unlike `<`', () => {
    const astral = '\u{1F600}'; // surrogates D83D DE00
    const fullwidthTilde = '\uFF5E';
    expect(astral < fullwidthTilde).toBe(true); // UTF-16 order: wrong here
    expect(compareCodePoints(astral, fullwidthTilde)).toBeGreaterThan(0);
    expect(compareCodePoints(fullwidthTilde, astral)).toBeLessThan(0);
    expect(['a\u{1F600}', 'a\uFF5E', 'a'].sort(compareCodePoints)).toEqual([
      'a',
      'a\uFF5E',
      'a\u{1F600}',
    ]);
  });

  it('is zero only for equal strings and orders prefixes first', () => {
    expect(compareCodePoints('', '')).toBe(0);
    expect(compareCodePoints('checkout', 'checkout')).toBe(0);
    expect(compareCodePoints('check', 'checkout')).toBeLessThan(0);
    expect(compareCodePoints('checkout', 'check')).toBeGreaterThan(0);
    // Upper case sorts before lower case: no locale folding.
    expect(compareCodePoints('Zulu', 'alpha')).toBeLessThan(0);
  });

  it('agrees with UTF-8 byte order (the backend database order) on mixed text', () => {
    const words = [
      '',
      'a',
      'ab',
      'B',
      'é',
      'e\u0301',
      '\uD7FF',
      '\uE000',
      '\uFFFD',
      '\uFFFF',
      '\u{10000}',
      '\u{1F600}',
      '\u{1F600}a',
      '\u{10FFFF}',
      'x\u{1F600}',
      'x\uFFFF',
    ];
    for (const a of words) {
      for (const b of words) {
        expect([a, b, Math.sign(compareCodePoints(a, b))]).toEqual([
          a,
          b,
          Math.sign(byUtf8(a, b)),
        ]);
      }
    }
  });

  it('treats a lone surrogate as its own code point', () => {
    expect(compareCodePoints('\uD800', '\u{10000}')).toBeLessThan(0);
    expect(compareCodePoints('\uD800', '\uE000')).toBeLessThan(0);
    expect(compareCodePoints('\uDC00x', '\uD800')).toBeGreaterThan(0);
  });
});
