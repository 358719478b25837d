import { DateTime } from "luxon";
import * as z from "zod";
import { VisibleError } from "../error/index.ts";
import "../util/zod.ts";

const Day = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, "use a date as YYYY-MM-DD");

/**
 * The period a dashboard shows: the last 7, 30 or 90 days ending today, or `from`–`to`
 * (inclusive), both in the workspace's zone. One filter at a time: rollups are kept per
 * account, network, campaign and tag, not per combination.
 */
export const PeriodQuery = z.object({
  days: z.enum(["7", "30", "90"]).optional(),
  from: Day.optional(),
  to: Day.optional(),
  account: z.string().min(1).max(64).optional(),
  network: z.string().min(1).max(40).optional(),
  campaign: z.string().min(1).max(100).optional(),
  tag: z.string().min(1).max(50).optional(),
});
export type PeriodQuery = z.infer<typeof PeriodQuery>;

/** The longest custom period: a year, so the previous one is still inside two years of data. */
export const maxPeriodDays = 366;

export interface Period {
  from: string;
  to: string;
  days: number;
  previous: { from: string; to: string };
  timeZone: string;
}

export function periodOf(query: PeriodQuery, zone: string, now = Date.now()): Period {
  const today = DateTime.fromMillis(now, { zone }).startOf("day");
  let from: DateTime;
  let to: DateTime;
  if (query.from || query.to) {
    if (!query.from || !query.to) {
      throw new VisibleError(
        "invalid_period",
        "Give both from and to (YYYY-MM-DD), or days (7, 30 or 90).",
        query.from ? "to" : "from",
      );
    }
    from = DateTime.fromISO(query.from, { zone });
    to = DateTime.fromISO(query.to, { zone });
    if (!from.isValid || !to.isValid || to < from) {
      throw new VisibleError("invalid_period", "from must be a real date on or before to.", "from");
    }
  } else {
    to = today;
    from = today.minus({ days: Number(query.days ?? "30") - 1 });
  }
  const days = Math.round(to.diff(from, "days").days) + 1;
  if (days > maxPeriodDays) {
    throw new VisibleError(
      "invalid_period",
      `A period can be at most ${maxPeriodDays} days; pick a shorter one.`,
      "to",
    );
  }
  const day = (d: DateTime) => d.toFormat("yyyy-LL-dd");
  return {
    from: day(from),
    to: day(to),
    days,
    previous: { from: day(from.minus({ days })), to: day(from.minus({ days: 1 })) },
    timeZone: zone,
  };
}

/** The one filter a query carries, as a rollup dimension and key. */
export function filterOf(query: PeriodQuery): {
  dimension: "workspace" | "account" | "network" | "campaign" | "tag";
  key: string;
} {
  const given = (["account", "network", "campaign", "tag"] as const).filter(
    (name) => query[name] !== undefined,
  );
  if (given.length > 1) {
    throw new VisibleError(
      "one_filter_only",
      "Filter by one of account, network, campaign or tag at a time.",
      given[1],
    );
  }
  const name = given[0];
  return name
    ? { dimension: name, key: query[name] ?? "" }
    : { dimension: "workspace", key: "all" };
}

/** Every day from `from` to `to`, inclusive. */
export function daysOf(from: string, to: string): string[] {
  const out: string[] = [];
  let day = DateTime.fromISO(from, { zone: "utc" });
  while (day.toFormat("yyyy-LL-dd") <= to) {
    out.push(day.toFormat("yyyy-LL-dd"));
    day = day.plus({ days: 1 });
  }
  return out;
}
