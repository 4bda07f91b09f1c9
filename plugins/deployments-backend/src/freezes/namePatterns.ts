/**
 * Service and environment name patterns of a freeze: `*` stands for any run
 * of characters (none included), every other character for itself; the
 * whole name must match, case-sensitively (as ingest API key scopes match).
 */
export class NamePatterns {
  private readonly regexps: RegExp[];

  /** `undefined`: every name matches. */
  constructor(readonly patterns: string[] | undefined) {
    this.regexps = (patterns ?? []).map(pattern => {
      const parts = pattern.split('*').map(part => part.replace(/[.+?^${}()|[\]\\]/g, '\\$&'));
      return new RegExp(`^${parts.join('.*')}$`, 's');
    });
  }

  matches(name: string): boolean {
    return this.patterns === undefined || this.regexps.some(r => r.test(name));
  }
}
