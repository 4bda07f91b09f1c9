/**
 * Reads an RFC 8288 `Link` header, as GitHub sends for pagination:
 * `<https://api.github.com/...&page=2>; rel="next", <...>; rel="last"`.
 * Returns the URL of each relation; a link with several relations
 * (`rel="next last"`) is listed under each.
 */
export function parseLinkHeader(
  header: string | null | undefined,
): Record<string, string> {
  const links: Record<string, string> = {};
  if (!header) return links;
  // URLs cannot contain `<` or `>`, so each link is `<url>` then its params up to the next `<`.
  for (const match of header.matchAll(/<([^>]*)>([^<]*)/g)) {
    const [, url, params] = match;
    const rel = /(?:^|;)\s*rel\s*=\s*(?:"([^"]*)"|([^\s;,]+))/i.exec(params);
    for (const name of (rel?.[1] ?? rel?.[2] ?? '')
      .split(/\s+/)
      .filter(Boolean)) {
      links[name.toLowerCase()] ??= url;
    }
  }
  return links;
}
