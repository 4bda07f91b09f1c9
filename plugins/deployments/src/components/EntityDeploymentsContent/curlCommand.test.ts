// The test runs the command in bash, as a user pasting it would (node, not the browser).
// eslint-disable-next-line no-restricted-imports
import { execFileSync } from 'child_process';
import { validateDeploymentEventInput } from '@deploydash/plugin-deployments-common';
import { curlCommand } from './curlCommand';

/**
 * Runs the command with bash, as a user pasting it would, with `curl`
 * replaced by a function that prints its arguments one per line: what the
 * shell really passes, after quoting and $NOW.
 */
function curlArguments(command: string): string[] {
  const script = `curl() { printf '%s\\n' "$@"; }\n${command}`;
  const out = execFileSync('bash', ['-c', script], {
    env: { PATH: process.env.PATH ?? '/usr/bin:/bin', DASHBOARD_URL: 'http://backstage:7007', KEY: 'k' },
  }).toString();
  return out.trimEnd().split('\n');
}

describe('curlCommand', () => {
  it('stamps the post with the time it runs, fails with the body, retries transient failures', () => {
    const command = curlCommand('checkout');
    expect(command.split('\n')[0]).toBe('NOW=$(date -u +%Y-%m-%dT%H:%M:%SZ)');
    expect(command).toContain(
      'curl -sS --fail-with-body --retry 5 --retry-connrefused --retry-max-time 60 -X POST "$DASHBOARD_URL/api/deployments" -H "X-Api-Key: $KEY" -H "Content-Type: application/json" -H "Idempotency-Key: checkout-manual-$NOW"',
    );
    expect(command).not.toMatch(/-fsS|\d{4}-\d\d-\d\dT/);
  });

  it('sends a valid body, stamped now, with the run and the key named by that time', () => {
    const before = Date.now();
    const args = curlArguments(curlCommand('checkout'));
    const body = JSON.parse(args[args.indexOf('-d') + 1]);
    expect(validateDeploymentEventInput(body)).toMatchObject({ ok: true });
    expect(body).toMatchObject({ service: 'checkout', environment: 'dev', status: 'success' });
    expect(Math.abs(Date.parse(body.happened_at) - before)).toBeLessThan(5_000);
    expect(body.deployment_id).toBe(`checkout-manual-${body.happened_at}`);
    expect(args).toContain(`Idempotency-Key: checkout-manual-${body.happened_at}`);
    expect(args).toContain('http://backstage:7007/api/deployments');
    expect(args).toContain('X-Api-Key: k');
  });

  it('escapes quotes for JSON and for the shell, and keeps the key printable ASCII', () => {
    const service = `o'brien "svc" $HOME ö`;
    const args = curlArguments(curlCommand(service));
    expect(JSON.parse(args[args.indexOf('-d') + 1]).service).toBe(service);
    const key = args.find(a => a.startsWith('Idempotency-Key: '))!;
    expect(key).toMatch(/^Idempotency-Key: [\x20-\x7e]+$/);
  });
});
