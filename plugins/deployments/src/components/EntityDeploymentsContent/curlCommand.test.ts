import { curlCommand } from './curlCommand';

describe('curlCommand', () => {
  it('produces the documented ingest command for the service', () => {
    expect(curlCommand('checkout', new Date('2026-03-04T05:06:07.890Z'))).toBe(
      `curl -fsS -X POST "$DASHBOARD_URL/api/deployments" -H "X-Api-Key: $KEY" -H "Content-Type: application/json" -d '{"deployment_id":"checkout-manual-1","service":"checkout","environment":"dev","status":"success","happened_at":"2026-03-04T05:06:07Z"}'`,
    );
  });

  it('escapes quotes for JSON and for the shell', () => {
    const command = curlCommand(`o'brien "svc"`, new Date(0));
    expect(command).toContain(`"service":"o'\\''brien \\"svc\\""`);
  });
});
