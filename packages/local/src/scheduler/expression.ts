import { type CronSpec, nextCronTime, parseCron } from "./cron.ts";
import { invalid } from "./errors.ts";
import { DAY_MS, daysInMonth, type LocalDateTime, zonedTimeToUtc } from "./zone.ts";

export type ScheduleExpression =
  | { kind: "at"; local: LocalDateTime }
  | { kind: "rate"; intervalMs: number }
  | { kind: "cron"; cron: CronSpec };

const AT = /^at\((\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})\)$/;
const RATE = /^rate\((\d+) (minute|minutes|hour|hours|day|days)\)$/;
const UNIT_MS: Record<string, number> = { minute: 60_000, hour: 3_600_000, day: DAY_MS };

/** Parses `at(...)`, `rate(...)` or `cron(...)`, answering ValidationException as AWS does. */
export function parseScheduleExpression(expression: string): ScheduleExpression {
  const at = AT.exec(expression);
  if (at) {
    const [year, month, day, hour, minute, second] = at.slice(1).map(Number) as [
      number,
      number,
      number,
      number,
      number,
      number,
    ];
    const valid =
      month >= 1 &&
      month <= 12 &&
      day >= 1 &&
      day <= daysInMonth(year, month) &&
      hour <= 23 &&
      minute <= 59 &&
      second <= 59;
    if (!valid) throw invalid(`Invalid Schedule Expression ${expression}.`);
    return { kind: "at", local: { year, month, day, hour, minute, second } };
  }
  const rate = RATE.exec(expression);
  if (rate) {
    const value = Number(rate[1]);
    const unit = (rate[2] ?? "").replace(/s$/, "");
    if (value < 1) throw invalid(`Invalid Schedule Expression ${expression}.`);
    return { kind: "rate", intervalMs: value * (UNIT_MS[unit] ?? 0) };
  }
  if (expression.startsWith("cron(") && expression.endsWith(")")) {
    return { kind: "cron", cron: parseCron(expression.slice(5, -1), expression) };
  }
  throw invalid(`Invalid Schedule Expression ${expression}.`);
}

/** The instant of an `at(...)` expression in a zone; exported so callers can check conversions. */
export function atExpressionInstant(expression: string, timeZone = "UTC"): Date {
  const parsed = parseScheduleExpression(expression);
  if (parsed.kind !== "at") throw invalid(`${expression} is not a one-time expression.`);
  return zonedTimeToUtc(parsed.local, timeZone);
}

export interface OccurrenceWindow {
  timeZone: string;
  /** Rate schedules count from here: StartDate, or when the definition was written. */
  anchorMs: number;
  startMs?: number;
  endMs?: number;
}

/**
 * The first nominal occurrence strictly after `afterMs`, or undefined when there is none.
 * StartDate and EndDate bound recurring schedules only; AWS ignores them for `at()`.
 */
export function nextOccurrence(
  expression: ScheduleExpression,
  afterMs: number,
  window: OccurrenceWindow,
): number | undefined {
  if (expression.kind === "at") {
    const instant = zonedTimeToUtc(expression.local, window.timeZone).getTime();
    return instant > afterMs ? instant : undefined;
  }
  let next: number | undefined;
  if (expression.kind === "rate") {
    const { anchorMs } = window;
    next =
      afterMs < anchorMs
        ? anchorMs
        : anchorMs +
          (Math.floor((afterMs - anchorMs) / expression.intervalMs) + 1) * expression.intervalMs;
  } else {
    const from = window.startMs !== undefined ? Math.max(afterMs, window.startMs - 1) : afterMs;
    next = nextCronTime(expression.cron, from, window.timeZone);
  }
  if (next === undefined || (window.endMs !== undefined && next > window.endMs)) return undefined;
  return next;
}

export interface InvocationTiming {
  exact: boolean;
  random: () => number;
  /** Set for FlexibleTimeWindow FLEXIBLE: AWS may invoke anywhere in that many minutes. */
  maximumWindowInMinutes?: number;
}

/**
 * When an occurrence is actually invoked. AWS invokes "with 60 second precision", anywhere in
 * the scheduled minute, or anywhere in the flexible window; `exact` pins it to the nominal time.
 */
export function pickInvocationTime(nominalMs: number, timing: InvocationTiming): number {
  if (timing.exact) return nominalMs;
  const windowMs = (timing.maximumWindowInMinutes ?? 1) * 60_000;
  const offset = Math.floor(Math.max(0, timing.random()) * windowMs);
  return nominalMs + Math.min(offset, windowMs - 1);
}
