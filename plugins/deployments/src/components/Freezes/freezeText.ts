import { FreezeWindow } from '@deploydash/plugin-deployments-common';
import { formatRelative } from '../shared/format';

const DAY = 86_400_000;

const timeOnly = new Intl.DateTimeFormat('en-GB', {
  timeZone: 'UTC',
  hour: '2-digit',
  minute: '2-digit',
  hourCycle: 'h23',
});
const dateAndTime = new Intl.DateTimeFormat('en-GB', {
  timeZone: 'UTC',
  weekday: 'short',
  day: 'numeric',
  month: 'short',
  year: 'numeric',
  hour: '2-digit',
  minute: '2-digit',
  hourCycle: 'h23',
});

/**
 * A window's start or end in UTC, as everyone in a team reads the same:
 * "18:00 UTC" within the next 24 hours, else "Tue 1 Jan 2030, 00:00 UTC".
 */
export function formatFreezeTime(iso: string, now: number): string {
  const t = Date.parse(iso);
  if (Number.isNaN(t)) return iso;
  if (t >= now && t - now < DAY) return `${timeOnly.format(t)} UTC`;
  // From parts: ICU versions differ in their commas.
  const p = Object.fromEntries(dateAndTime.formatToParts(t).map(part => [part.type, part.value]));
  return `${p.weekday} ${p.day} ${p.month} ${p.year}, ${p.hour}:${p.minute} UTC`;
}

/** "until 18:00 UTC, in 2 hours". */
export function untilText(window: FreezeWindow, now: number): string {
  return `until ${formatFreezeTime(window.end, now)}, ${formatRelative(window.end, now)}`;
}

/** "from 18:00 UTC, in 3 hours". */
export function fromText(window: FreezeWindow, now: number): string {
  return `from ${formatFreezeTime(window.start, now)}, ${formatRelative(window.start, now)}`;
}

/** What a freeze covers: "staging, prod-* · all services". */
export function scopeText(window: FreezeWindow): string {
  const environments = window.environments?.join(', ') ?? 'all environments';
  const services = window.services?.join(', ') ?? 'all services';
  return `${environments} · ${services}`;
}
