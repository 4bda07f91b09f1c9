import { daysInMonth, fieldsOf } from './zonedTime';

/*
 * Five-field cron expressions (minute hour day-of-month month day-of-week),
 * read as Vixie cron reads them. Only what a freeze needs: which wall-clock
 * times of a day start a window.
 */

const HOUR = 3_600_000;
const MINUTE = 60_000;

const MONTHS = ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'];
const WEEKDAYS = ['sun', 'mon', 'tue', 'wed', 'thu', 'fri', 'sat'];

interface FieldSpec {
  name: string;
  min: number;
  max: number;
  names?: string[];
  /** The first name stands for this number (months start at 1). */
  namesFrom?: number;
}

const FIELDS: FieldSpec[] = [
  { name: 'minute', min: 0, max: 59 },
  { name: 'hour', min: 0, max: 23 },
  { name: 'day-of-month', min: 1, max: 31 },
  { name: 'month', min: 1, max: 12, names: MONTHS, namesFrom: 1 },
  { name: 'day-of-week', min: 0, max: 7, names: WEEKDAYS, namesFrom: 0 },
];

/** A cron expression that cannot be read; the message says why. */
export class CronError extends Error {}

/** A parsed cron expression. */
export class CronSchedule {
  private readonly minutes: number[];
  private readonly hours: number[];
  private readonly daysOfMonth: Set<number>;
  private readonly months: Set<number>;
  private readonly weekdays: Set<number>;
  /** Vixie cron: with both day fields restricted, a day matching either counts. */
  private readonly eitherDay: boolean;

  /** Throws a CronError naming the field and the value at fault. */
  constructor(readonly expression: string) {
    const fields = expression.trim().split(/\s+/);
    if (fields.length !== 5 || fields[0] === '') {
      throw new CronError(
        `must have 5 fields (minute hour day-of-month month day-of-week), got ${
          fields[0] === '' ? 0 : fields.length
        }`,
      );
    }
    const [minutes, hours, doms, months, dows] = fields.map((f, i) => parseField(f, FIELDS[i]));
    this.minutes = [...minutes].sort((a, b) => a - b);
    this.hours = [...hours].sort((a, b) => a - b);
    this.daysOfMonth = doms;
    this.months = months;
    // 7 is Sunday too.
    this.weekdays = new Set([...dows].map(d => d % 7));
    const restricted = (field: string) => !field.startsWith('*');
    this.eitherDay = restricted(fields[2]) && restricted(fields[4]);
    if (!this.eitherDay && restricted(fields[2]) && !this.canEverMatchDayOfMonth()) {
      throw new CronError(
        `never starts: no month of '${fields[3]}' has a day '${fields[2]}'`,
      );
    }
  }

  /** True when the day of this local time (any time in it) is a day the schedule starts on. */
  matchesDay(local: number): boolean {
    const { month, day, weekday } = fieldsOf(local);
    if (!this.months.has(month)) return false;
    const dom = this.daysOfMonth.has(day);
    const dow = this.weekdays.has(weekday);
    return this.eitherDay ? dom || dow : dom && dow;
  }

  /** The start times within a day, as offsets from its midnight, ascending. */
  timesOfDay(): number[] {
    return this.hours.flatMap(h => this.minutes.map(m => h * HOUR + m * MINUTE));
  }

  private canEverMatchDayOfMonth(): boolean {
    // February has 29 days in a leap year.
    return [...this.months].some(month =>
      [...this.daysOfMonth].some(day => day <= daysInMonth(2024, month)),
    );
  }
}

function parseField(text: string, spec: FieldSpec): Set<number> {
  const values = new Set<number>();
  for (const item of text.split(',')) {
    const match = /^([^/]+)(?:\/(\d+))?$/.exec(item);
    if (!match) throw new CronError(`${spec.name}: cannot read '${item}'`);
    const [, range, stepText] = match;
    const step = stepText === undefined ? 1 : Number(stepText);
    if (!(step >= 1)) throw new CronError(`${spec.name}: step '/${stepText}' must be at least 1`);
    let from: number;
    let to: number;
    if (range === '*') {
      from = spec.min;
      to = spec.max;
    } else {
      const bounds = range.split('-');
      if (bounds.length > 2) throw new CronError(`${spec.name}: cannot read '${item}'`);
      from = value(bounds[0], spec, item);
      // `a/n` runs from a to the field's end.
      if (bounds.length === 2) to = value(bounds[1], spec, item);
      else to = stepText === undefined ? from : spec.max;
      if (to < from) {
        throw new CronError(`${spec.name}: range '${range}' runs backwards`);
      }
    }
    for (let v = from; v <= to; v += step) values.add(v);
  }
  return values;
}

function value(text: string, spec: FieldSpec, item: string): number {
  const named = spec.names?.indexOf(text.toLowerCase()) ?? -1;
  if (named >= 0) return named + spec.namesFrom!;
  if (!/^\d+$/.test(text)) throw new CronError(`${spec.name}: cannot read '${item}'`);
  const n = Number(text);
  if (n < spec.min || n > spec.max) {
    throw new CronError(`${spec.name} value ${n} is out of range ${spec.min}-${spec.max}`);
  }
  return n;
}
