import { describe, expect, it } from "vitest";
import type { AccountItem } from "../db/entities/account.ts";
import { dueTimes } from "./timing.ts";

const daily = (time: string) =>
  Object.fromEntries(["1", "2", "3", "4", "5", "6", "7"].map((d) => [d, [time]]));

function account(timeZone: string, slots: Record<string, string[]>): AccountItem {
  return {
    workspaceId: "ws_timing",
    accountId: `acc_timing_${Math.random().toString(36).slice(2)}`,
    network: "mastodon",
    externalId: "ext",
    handle: "timing",
    displayName: "Timing",
    kind: "profile",
    status: "active",
    timeZone,
    slots,
    version: 1,
    createdAt: "2026-01-01T00:00:00Z",
    updatedAt: "2026-01-01T00:00:00Z",
  } as AccountItem;
}

describe("due times across DST changes", () => {
  it("queue: the next 09:00 slot in New York moves from 14:00 to 13:00 UTC across the March change", async () => {
    const a = account("America/New_York", daily("09:00"));
    const before = await dueTimes({ mode: "queue" }, [a], {
      workspaceZone: "UTC",
      now: new Date("2026-03-07T15:00:00Z"),
    });
    expect(before.get(a.accountId)?.dueAt).toBe("2026-03-08T13:00:00Z");
    const earlier = await dueTimes({ mode: "queue" }, [a], {
      workspaceZone: "UTC",
      now: new Date("2026-03-06T15:00:00Z"),
    });
    expect(earlier.get(a.accountId)?.dueAt).toBe("2026-03-07T14:00:00Z");
  });

  it("evergreen: the gap ends across the Berlin October change and the 08:00 slot follows local time", async () => {
    const a = account("Europe/Berlin", daily("08:00"));
    const due = await dueTimes({ mode: "evergreen", minGapDays: 2 }, [a], {
      workspaceZone: "UTC",
      // Last out on Friday 23 October at 08:00 CEST; Berlin falls back on Sunday the 25th.
      lastPublishedAt: "2026-10-23T06:00:00Z",
      now: new Date("2026-10-23T07:00:00Z"),
    });
    // The gap ends Sunday 06:00Z; that morning 08:00 is CET, 07:00Z (it was 06:00Z on Friday).
    expect(due.get(a.accountId)?.dueAt).toBe("2026-10-25T07:00:00Z");
  });

  it("recurring: every account gets the rule's next occurrence in its zone", async () => {
    const a = account("UTC", {});
    const due = await dueTimes(
      {
        mode: "recurring",
        start: "2026-03-27T09:00",
        timeZone: "Europe/Berlin",
        rrule: "FREQ=DAILY;COUNT=5",
      },
      [a],
      { workspaceZone: "UTC", now: new Date("2026-03-28T12:00:00Z") },
    );
    // 28 March 09:00 CET has passed; 29 March is the change day, 09:00 CEST = 07:00Z.
    expect(due.get(a.accountId)).toEqual({
      dueAt: "2026-03-29T07:00:00Z",
      timeZone: "Europe/Berlin",
      occurrence: 2,
    });
  });

  it("recurring: created seconds after an occurrence's minute, the due time and its index agree", async () => {
    const a = account("UTC", {});
    const due = await dueTimes(
      { mode: "recurring", start: "2026-03-27T09:00", timeZone: "UTC", rrule: "FREQ=DAILY" },
      [a],
      { workspaceZone: "UTC", now: new Date("2026-03-28T09:00:30Z") },
    );
    // Occurrence 1 (28 March 09:00) is within the minute of slack: it is the one due, so the
    // next run after it is occurrence 2 on the 29th, not a second copy of the 29th.
    expect(due.get(a.accountId)).toEqual({
      dueAt: "2026-03-28T09:00:00Z",
      timeZone: "UTC",
      occurrence: 1,
    });
  });
});
