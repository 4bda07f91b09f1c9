// Incidents for the demo (docs/api.md "Incidents"): a few on checkout, so its
// entity tab lists them and its change failure rate and recovery time come
// from them. Derived from the history's own checkout deployments, without
// the demo's PRNG, so the rest of the story stays as it was.

const MINUTE = 60_000;

/**
 * Incident events of the demo: one resolved incident caused by checkout's
 * second-latest production success, one still open caused by its latest,
 * and one resolved incident that no deployment caused. All before `now`.
 */
export function demoIncidents(events, now) {
  const successes = events
    .filter(e => e.service === 'checkout' && e.environment === 'prod' && e.status === 'success' && !e.is_test)
    .filter(e => Date.parse(e.happened_at) < now - 30 * MINUTE)
    .sort((a, b) => Date.parse(a.happened_at) - Date.parse(b.happened_at));
  const [earlier, latest] = successes.slice(-2);
  if (!latest) return [];
  const at = (base, minutes) => new Date(Date.parse(base.happened_at) + minutes * MINUTE).toISOString();
  const incident = (fields) => ({ service: 'checkout', environment: 'prod', ...fields });
  return [
    incident({
      incident_id: 'PD-7Q3K1',
      status: 'open',
      happened_at: new Date(now - 5 * 1440 * MINUTE).toISOString(),
      title: 'Payment provider timeouts',
      url: 'https://pagerduty.example.com/incidents/PD-7Q3K1',
      severity: 'P3',
    }),
    incident({ incident_id: 'PD-7Q3K1', status: 'resolved', happened_at: new Date(now - 5 * 1440 * MINUTE + 47 * MINUTE).toISOString() }),
    ...(earlier
      ? [
          incident({
            incident_id: 'PD-Q1W2E3',
            status: 'open',
            happened_at: at(earlier, 25),
            title: `Checkout 500s after ${earlier.version}`,
            url: 'https://pagerduty.example.com/incidents/PD-Q1W2E3',
            severity: 'sev2',
            caused_by_deployment_id: earlier.deployment_id,
          }),
          incident({ incident_id: 'PD-Q1W2E3', status: 'resolved', happened_at: at(earlier, 25 + 100) }),
        ]
      : []),
    incident({
      incident_id: 'PD-X9Y8Z7',
      status: 'open',
      happened_at: new Date(Math.min(Date.parse(at(latest, 12)), now - MINUTE)).toISOString(),
      title: `Cart totals wrong after ${latest.version}`,
      url: 'https://pagerduty.example.com/incidents/PD-X9Y8Z7',
      severity: 'sev1',
      caused_by_deployment_id: latest.deployment_id,
    }),
  ].filter(e => Date.parse(e.happened_at) < now);
}

/** Posts incident events in order; a repeat (a second demo run at the same times) is 200, not an error. */
export async function postIncidents(incidents, { url, key }) {
  for (const body of incidents) {
    for (let attempt = 1; ; attempt++) {
      const res = await fetch(`${url}/api/deployments/incidents`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json', 'X-Api-Key': key },
        body: JSON.stringify(body),
      }).catch(error => ({ status: 0, text: async () => String(error) }));
      if (res.status === 200 || res.status === 201) break;
      const retryable = res.status === 0 || res.status === 429 || res.status >= 500;
      if (!retryable || attempt >= 9) throw new Error(`POST /incidents answered ${res.status}: ${await res.text()}`);
      await new Promise(r => setTimeout(r, 500 * attempt));
    }
  }
  console.log(`Posted ${incidents.length} incident events.`);
}
