import { DateTime } from "luxon";
import { isoUtc, wallTimeToUtc } from "./zone.ts";

/** Posting slots: ISO weekday ("1" Monday … "7" Sunday) → local "HH:mm" times. */
export type WeeklySlots = Record<string, string[]>;

/** How far ahead "add to queue" looks for a free slot. */
export const queueHorizonDays = 120;

/**
 * The next `count` slot instants strictly after `after` that are not in `taken` (UTC instants,
 * compared to the minute). Slots are wall-clock times in the account's zone, so they keep
 * their local time across DST changes; a slot a DST change skips moves forward by the gap.
 */
export function freeSlots(
  slots: WeeklySlots,
  zone: string,
  after: string,
  taken: Iterable<string>,
  count = 1,
): string[] {
  const takenMinutes = new Set([...taken].map(minuteKey));
  const found: string[] = [];
  const start = DateTime.fromISO(after, { zone: "utc" }).setZone(zone).startOf("day");
  const afterMs = Date.parse(after);
  for (let day = 0; day < queueHorizonDays && found.length < count; day += 1) {
    const date = start.plus({ days: day });
    const times = [...(slots[String(date.weekday)] ?? [])].sort();
    for (const time of times) {
      const instant = isoUtc(wallTimeToUtc(date, time, zone));
      if (Date.parse(instant) <= afterMs || takenMinutes.has(minuteKey(instant))) continue;
      takenMinutes.add(minuteKey(instant));
      found.push(instant);
      if (found.length === count) break;
    }
  }
  return found;
}

function minuteKey(instant: string): string {
  return new Date(Math.floor(Date.parse(instant) / 60_000) * 60_000).toISOString();
}

export function hasAnySlot(slots: WeeklySlots): boolean {
  return Object.values(slots).some((times) => times.length > 0);
}
