/** Quotes text for a POSIX shell: inside '…', a quote becomes '\''. */
function shellQuote(text: string): string {
  return `'${text.replace(/'/g, `'\\''`)}'`;
}

/**
 * Stands for the shell's $NOW inside the JSON body until it is quoted
 * (printable, so JSON.stringify leaves it as it is).
 */
const NOW_MARK = '__deployments_now_7f3a__';

/**
 * The command that records a deployment of `service`, in the same form as
 * the CI recipes (docs/ci-recipes.md): DASHBOARD_URL is the Backstage
 * backend URL and KEY an ingest API key. `happened_at` is the time the
 * command runs — an older time would leave the page as it is, since the
 * matrix shows the newest event per slot — and names the run and the
 * Idempotency-Key, so curl's retries never store it twice.
 * `--fail-with-body` makes a refused post fail and print the problem that
 * names the bad field. The body is built with JSON.stringify so any service
 * name is escaped correctly.
 */
export function curlCommand(service: string): string {
  const body = JSON.stringify({
    deployment_id: `${service}-manual-${NOW_MARK}`,
    service,
    environment: 'dev',
    status: 'success',
    happened_at: NOW_MARK,
  });
  // Header values are printable ASCII: other characters of the name become '_'.
  const keyName = service.replace(/[^\x20-\x7e]/g, '_').replace(/["\\$`]/g, '_');
  return [
    'NOW=$(date -u +%Y-%m-%dT%H:%M:%SZ)',
    [
      'curl -sS --fail-with-body --retry 5 --retry-connrefused --retry-max-time 60',
      '-X POST "$DASHBOARD_URL/api/deployments"',
      '-H "X-Api-Key: $KEY"',
      '-H "Content-Type: application/json"',
      `-H "Idempotency-Key: ${keyName}-manual-$NOW"`,
      `-d ${shellQuote(body).split(NOW_MARK).join(`'"$NOW"'`)}`,
    ].join(' '),
  ].join('\n');
}
