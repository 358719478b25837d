import { invalid } from "./errors.ts";
import { daysInMonth, instantsForLocalTime, localTimeAt } from "./zone.ts";

/**
 * AWS cron: `minutes hours day-of-month month day-of-week year`, with `, - * /` everywhere,
 * `?` in exactly one of the two day fields, `L` and `W` in day-of-month, `L` and `#` in
 * day-of-week (1 = SUN … 7 = SAT).
 */
export interface CronSpec {
  minutes: number[];
  hours: number[];
  months: Set<number>;
  years: Set<number>;
  dayOfMonth?: DayOfMonthRule;
  dayOfWeek?: DayOfWeekRule;
}

type DayOfMonthRule =
  | { kind: "days"; days: Set<number> }
  | { kind: "last" }
  | { kind: "lastWeekday" }
  | { kind: "nearestWeekday"; day: number };

type DayOfWeekRule =
  | { kind: "days"; days: Set<number> }
  | { kind: "lastOfMonth"; weekday: number }
  | { kind: "nth"; weekday: number; nth: number };

const MONTHS = ["JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG", "SEP", "OCT", "NOV", "DEC"];
const WEEKDAYS = ["SUN", "MON", "TUE", "WED", "THU", "FRI", "SAT"];
const LAST_YEAR = 2199;

function parseList(
  field: string,
  min: number,
  max: number,
  fail: () => Error,
  names: string[] = [],
): Set<number> {
  const value = (token: string) => {
    const named = names.indexOf(token.toUpperCase());
    const number = named >= 0 ? named + min : /^\d+$/.test(token) ? Number(token) : Number.NaN;
    if (!Number.isInteger(number) || number < min || number > max) throw fail();
    return number;
  };
  const result = new Set<number>();
  for (const item of field.split(",")) {
    const [range = "", stepText] = item.split("/");
    const step = stepText === undefined ? 1 : Number(stepText);
    if (!Number.isInteger(step) || step < 1) throw fail();
    let from: number;
    let to: number;
    if (range === "*") {
      from = min;
      to = max;
    } else if (range.includes("-")) {
      const [a = "", b = ""] = range.split("-");
      from = value(a);
      to = value(b);
      if (from > to) throw fail();
    } else {
      from = value(range);
      to = stepText === undefined ? from : max;
    }
    for (let n = from; n <= to; n += step) result.add(n);
  }
  return result;
}

export function parseCron(body: string, expression: string): CronSpec {
  const fail = () => invalid(`Invalid Schedule Expression ${expression}.`);
  const fields = body.trim().split(/\s+/);
  if (fields.length !== 6) throw fail();
  const [minutes = "", hours = "", dom = "", month = "", dow = "", year = ""] = fields;
  if ((dom === "?") === (dow === "?")) throw fail();
  const spec: CronSpec = {
    minutes: [...parseList(minutes, 0, 59, fail)].sort((a, b) => a - b),
    hours: [...parseList(hours, 0, 23, fail)].sort((a, b) => a - b),
    months: parseList(month, 1, 12, fail, MONTHS),
    years: parseList(year, 1970, LAST_YEAR, fail),
  };
  if (dom !== "?") {
    const nearest = /^(\d{1,2})W$/.exec(dom);
    if (dom === "L") spec.dayOfMonth = { kind: "last" };
    else if (dom === "LW") spec.dayOfMonth = { kind: "lastWeekday" };
    else if (nearest) {
      const day = Number(nearest[1]);
      if (day < 1 || day > 31) throw fail();
      spec.dayOfMonth = { kind: "nearestWeekday", day };
    } else spec.dayOfMonth = { kind: "days", days: parseList(dom, 1, 31, fail) };
  }
  if (dow !== "?") {
    const weekday = (token: string) => [...parseList(token, 1, 7, fail, WEEKDAYS)][0] ?? 1;
    const last = /^(\w+)L$/.exec(dow);
    const nth = /^(\w+)#([1-5])$/.exec(dow);
    if (dow === "L") spec.dayOfWeek = { kind: "days", days: new Set([7]) };
    else if (last?.[1]) spec.dayOfWeek = { kind: "lastOfMonth", weekday: weekday(last[1]) };
    else if (nth?.[1])
      spec.dayOfWeek = { kind: "nth", weekday: weekday(nth[1]), nth: Number(nth[2]) };
    else spec.dayOfWeek = { kind: "days", days: parseList(dow, 1, 7, fail, WEEKDAYS) };
  }
  return spec;
}

const weekdayOf = (year: number, month: number, day: number) =>
  new Date(Date.UTC(year, month - 1, day)).getUTCDay() + 1;

function nearestWeekday(year: number, month: number, day: number): number | undefined {
  const last = daysInMonth(year, month);
  if (day > last) return undefined;
  const weekday = weekdayOf(year, month, day);
  if (weekday === 7) return day === 1 ? 3 : day - 1;
  if (weekday === 1) return day === last ? day - 2 : day + 1;
  return day;
}

function dayMatches(spec: CronSpec, year: number, month: number, day: number): boolean {
  const last = daysInMonth(year, month);
  const { dayOfMonth: dom, dayOfWeek: dow } = spec;
  if (dom) {
    if (dom.kind === "days") return dom.days.has(day);
    if (dom.kind === "last") return day === last;
    if (dom.kind === "lastWeekday") return day === nearestWeekday(year, month, last);
    return day === nearestWeekday(year, month, dom.day);
  }
  if (!dow) return false;
  const weekday = weekdayOf(year, month, day);
  if (dow.kind === "days") return dow.days.has(weekday);
  if (weekday !== dow.weekday) return false;
  if (dow.kind === "lastOfMonth") return day + 7 > last;
  return Math.ceil(day / 7) === dow.nth;
}

/**
 * The first cron occurrence strictly after `afterMs`, evaluated on the zone's wall clock.
 * Like AWS, a wall time skipped by a DST change is skipped and a repeated one runs once.
 */
export function nextCronTime(
  spec: CronSpec,
  afterMs: number,
  timeZone: string,
): number | undefined {
  const start = localTimeAt(afterMs, timeZone);
  let { year, month, day } = start;
  // Times more than a few hours before `afterMs` on its first day cannot be after it.
  let earliestMinuteOfDay = start.hour * 60 + start.minute - 180;
  while (year <= LAST_YEAR) {
    if (!spec.years.has(year)) {
      [year, month, day] = [year + 1, 1, 1];
    } else if (!spec.months.has(month)) {
      [year, month, day] = month === 12 ? [year + 1, 1, 1] : [year, month + 1, 1];
    } else {
      if (dayMatches(spec, year, month, day)) {
        for (const hour of spec.hours) {
          for (const minute of spec.minutes) {
            if (hour * 60 + minute < earliestMinuteOfDay) continue;
            const [instant] = instantsForLocalTime(
              { year, month, day, hour, minute, second: 0 },
              timeZone,
            );
            if (instant !== undefined && instant > afterMs) return instant;
          }
        }
      }
      if (day < daysInMonth(year, month)) day += 1;
      else [year, month, day] = month === 12 ? [year + 1, 1, 1] : [year, month + 1, 1];
    }
    earliestMinuteOfDay = 0;
  }
  return undefined;
}
