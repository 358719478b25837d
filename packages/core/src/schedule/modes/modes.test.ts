import { describe, expect, it } from "vitest";
import { VisibleError } from "../../error/index.ts";
import { freeSlots, type WeeklySlots } from "../slots.ts";
import { type DueContext, Intent, modeOf, scheduleModes } from "./index.ts";

const daily = (time: string): WeeklySlots =>
  Object.fromEntries(["1", "2", "3", "4", "5", "6", "7"].map((d) => [d, [time]]));

/** An account's slots in a zone, with some instants already taken, and a clock. */
function context(now: string, slots: WeeklySlots = {}, zone = "UTC", taken: string[] = []) {
  return {
    now: new Date(now),
    findSlot: async (after: string) => freeSlots(slots, zone, after, taken, 1)[0],
  } satisfies DueContext;
}

describe("every mode is registered and parses its own intent", () => {
  it("the registry has a mode for each intent the schema accepts", () => {
    const examples = [
      { mode: "draft" },
      { mode: "now" },
      { mode: "at", at: "2026-03-06T09:00", timeZone: "Europe/Berlin" },
      { mode: "queue" },
      { mode: "recurring", start: "2026-03-06T09:00", timeZone: "UTC", rrule: "FREQ=DAILY" },
      { mode: "evergreen" },
    ];
    expect(examples.map((example) => Intent.parse(example).mode).sort()).toEqual(
      Object.keys(scheduleModes).sort(),
    );
    expect(Intent.parse({ mode: "evergreen" })).toEqual({ mode: "evergreen", minGapDays: 30 });
    expect(Intent.safeParse({ mode: "sometime" }).success).toBe(false);
  });
});

describe("draft and now", () => {
  it("a draft is never due; now is due this second and never again", async () => {
    const ctx = context("2026-03-06T09:00:12.345Z");
    expect(await scheduleModes.draft.firstDue({ mode: "draft" }, ctx)).toBeUndefined();
    const due = await scheduleModes.now.firstDue({ mode: "now" }, ctx);
    expect(due).toEqual({ at: "2026-03-06T09:00:12Z", occurrence: 0 });
    expect(
      await scheduleModes.now.nextDue({ mode: "now" }, due ?? { at: "", occurrence: 0 }, ctx),
    ).toBeUndefined();
  });
});

describe("exact time in a zone", () => {
  it("09:00 in New York is 14:00 UTC before the March change and 13:00 UTC after it", async () => {
    const ctx = context("2026-03-01T00:00:00Z");
    const at = (day: string) =>
      scheduleModes.at.firstDue(
        { mode: "at", at: `${day}T09:00`, timeZone: "America/New_York" },
        ctx,
      );
    expect((await at("2026-03-06"))?.at).toBe("2026-03-06T14:00:00Z");
    expect((await at("2026-03-09"))?.at).toBe("2026-03-09T13:00:00Z");
  });

  it("a time that has passed is refused with the field to fix", async () => {
    const ctx = context("2026-03-10T00:00:00Z");
    const past = scheduleModes.at.firstDue(
      { mode: "at", at: "2026-03-06T09:00", timeZone: "UTC" },
      ctx,
    );
    await expect(past).rejects.toBeInstanceOf(VisibleError);
    await expect(past).rejects.toMatchObject({ code: "time_in_past", field: "schedule.at" });
  });
});

describe("posting slot queue", () => {
  it("takes the next free 09:00 slot in New York, which moves from 14:00 to 13:00 UTC in March", async () => {
    const slots = daily("09:00");
    const queue = scheduleModes.queue;
    const before = await queue.firstDue(
      { mode: "queue" },
      context("2026-03-06T15:00:00Z", slots, "America/New_York"),
    );
    expect(before?.at).toBe("2026-03-07T14:00:00Z");
    // The 7th is taken: the 8th is the spring-forward day, 09:00 EDT = 13:00Z.
    const taken = await queue.firstDue(
      { mode: "queue" },
      context("2026-03-06T15:00:00Z", slots, "America/New_York", ["2026-03-07T14:00:00Z"]),
    );
    expect(taken?.at).toBe("2026-03-08T13:00:00Z");
  });

  it("has no free slot when the account has none", async () => {
    expect(
      await scheduleModes.queue.firstDue({ mode: "queue" }, context("2026-03-06T15:00:00Z")),
    ).toBeUndefined();
  });
});

describe("recurring rule", () => {
  const rule = {
    mode: "recurring" as const,
    start: "2026-10-23T09:00",
    timeZone: "Europe/Berlin",
    rrule: "FREQ=DAILY;COUNT=4",
  };

  it("stays 09:00 local across Berlin's October change, and ends with its COUNT", async () => {
    const ctx = context("2026-10-22T00:00:00Z");
    const first = await scheduleModes.recurring.firstDue(rule, ctx);
    expect(first).toEqual({ at: "2026-10-23T07:00:00Z", occurrence: 0 });
    const runs = [first];
    for (let i = 0; i < 4; i++) {
      const last = runs.at(-1);
      runs.push(last ? await scheduleModes.recurring.nextDue(rule, last, ctx) : undefined);
    }
    expect(runs.map((run) => run?.at)).toEqual([
      "2026-10-23T07:00:00Z",
      "2026-10-24T07:00:00Z",
      // 25 October: clocks go back, 09:00 CET is 08:00Z.
      "2026-10-25T08:00:00Z",
      "2026-10-26T08:00:00Z",
      undefined,
    ]);
  });

  it("the next run follows the committed occurrence, not the clock: a late success skips none", async () => {
    const lateCtx = context("2026-10-26T12:00:00Z");
    const next = await scheduleModes.recurring.nextDue(
      rule,
      { at: "2026-10-24T07:00:00Z", occurrence: 1 },
      lateCtx,
    );
    expect(next).toEqual({ at: "2026-10-25T08:00:00Z", occurrence: 2 });
  });
});

describe("evergreen queue", () => {
  const intent = { mode: "evergreen" as const, minGapDays: 2 };
  const slots = daily("08:00");

  it("first and next runs wait the gap, then take the next 08:00 Berlin slot across the October change", async () => {
    const ctx = context("2026-10-23T07:00:00Z", slots, "Europe/Berlin");
    const first = await scheduleModes.evergreen.firstDue(intent, {
      ...ctx,
      lastAt: "2026-10-23T06:00:00Z",
    });
    // The gap ends Sunday 25th 06:00Z; 08:00 that morning is CET, 07:00Z.
    expect(first).toEqual({ at: "2026-10-25T07:00:00Z", occurrence: 0 });
    const next = await scheduleModes.evergreen.nextDue(
      intent,
      first ?? { at: "", occurrence: 0 },
      ctx,
    );
    expect(next).toEqual({ at: "2026-10-27T07:00:00Z", occurrence: 1 });
  });

  it("a run that went out long ago is due at the next slot from now, not in the past", async () => {
    const ctx = context("2026-11-10T12:00:00Z", slots, "Europe/Berlin");
    const next = await scheduleModes.evergreen.nextDue(
      intent,
      { at: "2026-10-01T06:00:00Z", occurrence: 4 },
      ctx,
    );
    expect(next).toEqual({ at: "2026-11-11T07:00:00Z", occurrence: 5 });
  });

  it("skips a taken slot, and stops repeating when the account has no free slot", async () => {
    const ctx = context("2026-11-10T12:00:00Z", slots, "Europe/Berlin", ["2026-11-11T07:00:00Z"]);
    const last = { at: "2026-10-01T06:00:00Z", occurrence: 0 };
    expect((await scheduleModes.evergreen.nextDue(intent, last, ctx))?.at).toBe(
      "2026-11-12T07:00:00Z",
    );
    const none = context("2026-11-10T12:00:00Z");
    expect(await scheduleModes.evergreen.nextDue(intent, last, none)).toBeUndefined();
  });
});

describe("each mode in words", () => {
  const words = (intent: unknown) => {
    const parsed = Intent.parse(intent);
    return modeOf(parsed).describe(parsed);
  };

  it("reads one-time modes as a moment or a plan", () => {
    expect(words({ mode: "draft" })).toBe("Not scheduled yet (a draft)");
    expect(words({ mode: "now" })).toBe("Right away");
    expect(words({ mode: "queue" })).toBe("In each account's next free posting slot");
    expect(words({ mode: "at", at: "2026-03-06T09:00", timeZone: "Europe/Berlin" })).toBe(
      "Once, on Friday, 6 March 2026 at 9:00 AM (Europe/Berlin)",
    );
    expect(words({ mode: "evergreen", minGapDays: 1 })).toBe(
      "Again and again in each account's free posting slots, at least 1 day apart",
    );
  });

  it.each([
    ["FREQ=WEEKLY;BYDAY=FR", "Every Friday at 9:00 AM (Europe/Berlin)"],
    ["FREQ=WEEKLY;BYDAY=MO,WE", "Every Monday and Wednesday at 9:00 AM (Europe/Berlin)"],
    [
      "FREQ=WEEKLY;INTERVAL=2;BYDAY=TU;COUNT=10",
      "Every 2 weeks on Tuesday at 9:00 AM, 10 times (Europe/Berlin)",
    ],
    ["FREQ=WEEKLY", "Every week on Friday at 9:00 AM (Europe/Berlin)"],
    [
      "FREQ=DAILY;UNTIL=20261231T235959",
      "Every day at 9:00 AM, until 31 December 2026 (Europe/Berlin)",
    ],
    ["FREQ=MONTHLY;BYMONTHDAY=15", "Every month on the 15th at 9:00 AM (Europe/Berlin)"],
    ["FREQ=MONTHLY", "Every month on the 6th at 9:00 AM (Europe/Berlin)"],
    ["FREQ=YEARLY", "Every year on 6 March at 9:00 AM (Europe/Berlin)"],
    ["FREQ=MONTHLY;BYDAY=MO;BYSETPOS=1", "A custom repeating schedule"],
  ])("%s reads as “%s”, never as the rule", (rrule, expected) => {
    const text = words({
      mode: "recurring",
      start: "2026-03-06T09:00",
      timeZone: "Europe/Berlin",
      rrule,
    });
    expect(text).toBe(expected);
    expect(text).not.toMatch(/FREQ|BYDAY|RRULE/);
  });
});
