/** The fields `view=summary` keeps of each event, in the order events list them. */
export const SUMMARY_FIELDS = [
  'id', 'deployment_id', 'status', 'happened_at', 'version', 'run_url', 'run_number', 'actor',
];

/**
 * The keys around the summary's three runs of fields in a stored event, whose
 * keys come in the fixed order of `rowToEvent` (id, deployment_id | service,
 * environment | status, happened_at | received_at | version, run_url,
 * run_number, actor | ref, …). A marker cannot occur inside a string value:
 * there every `"` is escaped, and none follows a comma directly.
 */
const MARKERS = [',"service":', ',"status":', ',"received_at":', ',"version":', ',"ref":'];

/**
 * An event's JSON cut down to the summary fields. Cut out of the stored text
 * rather than parsed and written again: twenty times cheaper, which is most
 * of the cost of a summary page. Text of any other shape is parsed instead.
 */
export function summaryJson(eventJson: string): string {
  const at: number[] = [];
  for (const marker of MARKERS) {
    const index = eventJson.indexOf(marker, at[at.length - 1] ?? 0);
    if (index === -1) return pickSummary(eventJson);
    at.push(index);
  }
  if (!eventJson.startsWith('{"id":')) return pickSummary(eventJson);
  const [service, status, receivedAt, version, ref] = at;
  return `${eventJson.slice(0, service)}${eventJson.slice(status, receivedAt)}${eventJson.slice(version, ref)}}`;
}

function pickSummary(eventJson: string): string {
  const event = JSON.parse(eventJson);
  return JSON.stringify(Object.fromEntries(SUMMARY_FIELDS.map(field => [field, event[field] ?? null])));
}
