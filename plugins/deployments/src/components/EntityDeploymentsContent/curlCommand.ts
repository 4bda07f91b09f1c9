/** Quotes text for a POSIX shell: inside '…', a quote becomes '\''. */
function shellQuote(text: string): string {
  return `'${text.replace(/'/g, `'\\''`)}'`;
}

/**
 * The command that records a deployment of `service`, in the same form as
 * the CI recipes: DASHBOARD_URL is the Backstage backend URL and KEY an
 * ingest API key. The body is built with JSON.stringify so any service
 * name is escaped correctly.
 */
export function curlCommand(
  service: string,
  happenedAt: Date = new Date(),
): string {
  const body = JSON.stringify({
    deployment_id: `${service}-manual-1`,
    service,
    environment: 'dev',
    status: 'success',
    happened_at: `${happenedAt.toISOString().slice(0, 19)}Z`,
  });
  return [
    'curl -fsS -X POST "$DASHBOARD_URL/api/deployments"',
    '-H "X-Api-Key: $KEY"',
    '-H "Content-Type: application/json"',
    `-d ${shellQuote(body)}`,
  ].join(' ');
}
