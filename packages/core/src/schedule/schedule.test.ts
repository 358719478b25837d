import { describe, expect, it } from "vitest";
import { VisibleError } from "../error/index.ts";
import { Schedule } from "./index.ts";
import { nextAfter, occurrence, validate } from "./recurrence.ts";
import { freeSlots } from "./slots.ts";
import { localToUtc } from "./zone.ts";

const now = new Date("2026-03-01T12:00:00Z");

describe("a time in a zone", () => {
  it("09:00 in New York is 14:00 UTC before the March DST change and 13:00 after it", () => {
    expect(localToUtc("2026-03-06T09:00", "America/New_York")).toBe("2026-03-06T14:00:00Z");
    expect(localToUtc("2026-03-09T09:00", "America/New_York")).toBe("2026-03-09T13:00:00Z");
  });

  it("09:00 in Berlin is 08:00 UTC before the March DST change and 07:00 after it", () => {
    expect(localToUtc("2026-03-27T09:00", "Europe/Berlin")).toBe("2026-03-27T08:00:00Z");
    expect(localToUtc("2026-03-30T09:00", "Europe/Berlin")).toBe("2026-03-30T07:00:00Z");
  });

  it("a local time the spring-forward gap skips moves forward by the gap", () => {
    // 02:30 does not exist in New York on 8 March 2026; 03:30 EDT does.
    expect(localToUtc("2026-03-08T02:30", "America/New_York")).toBe("2026-03-08T07:30:00Z");
  });

  it("a local time that happens twice in the autumn takes the first instant", () => {
    // 01:30 happens in EDT (05:30Z) and again in EST (06:30Z) on 1 November 2026.
    expect(localToUtc("2026-11-01T01:30", "America/New_York")).toBe("2026-11-01T05:30:00Z");
  });

  it("an instant with an offset keeps its own meaning", () => {
    expect(localToUtc("2026-03-06T09:00:00+01:00", "America/New_York")).toBe(
      "2026-03-06T08:00:00Z",
    );
  });

  it("refuses a time that has passed, and one beyond the horizon, naming the field", () => {
    const past = () =>
      Schedule.instantOf({ mode: "at", at: "2026-02-01T09:00", timeZone: "UTC" }, now);
    expect(past).toThrow(VisibleError);
    expect(past).toThrow(/has passed/);
    const far = () =>
      Schedule.instantOf({ mode: "at", at: "2029-01-01T09:00", timeZone: "UTC" }, now);
    expect(far).toThrow(/730 days/);
  });

  it("refuses text that is not a time", () => {
    expect(() => localToUtc("next tuesday", "UTC")).toThrow(/YYYY-MM-DDTHH:mm/);
  });
});

describe("recurrence in a zone", () => {
  it("a daily 09:00 in New York stays 09:00 local across the March change", () => {
    const rule = {
      rrule: "FREQ=DAILY;COUNT=4",
      start: "2026-03-07T09:00",
      timeZone: "America/New_York",
    };
    expect([0, 1, 2, 3].map((i) => occurrence(rule, i))).toEqual([
      "2026-03-07T14:00:00Z",
      "2026-03-08T13:00:00Z",
      "2026-03-09T13:00:00Z",
      "2026-03-10T13:00:00Z",
    ]);
    expect(occurrence(rule, 4)).toBeUndefined();
  });

  it("a weekly Monday 08:30 in Berlin stays 08:30 local across the October change", () => {
    const rule = {
      rrule: "RRULE:FREQ=WEEKLY;BYDAY=MO;UNTIL=20261102T235959",
      start: "2026-10-19T08:30",
      timeZone: "Europe/Berlin",
    };
    expect([0, 1, 2].map((i) => occurrence(rule, i))).toEqual([
      "2026-10-19T06:30:00Z",
      "2026-10-26T07:30:00Z",
      "2026-11-02T07:30:00Z",
    ]);
    expect(occurrence(rule, 3)).toBeUndefined();
  });

  it("finds the next occurrence after an instant", () => {
    const rule = { rrule: "FREQ=DAILY", start: "2026-03-07T09:00", timeZone: "America/New_York" };
    expect(nextAfter(rule, "2026-03-08T13:00:00Z")).toEqual({
      index: 2,
      at: "2026-03-09T13:00:00Z",
    });
  });

  it("refuses a rule that is not RFC 5545, or never occurs, with a stable code", () => {
    const bad = () =>
      validate({ rrule: "FREQ=SOMETIMES", start: "2026-03-07T09:00", timeZone: "UTC" });
    expect(bad).toThrow(
      expect.objectContaining({ code: "invalid_rrule", field: "schedule.rrule" }),
    );
    const never = () =>
      validate({ rrule: "FREQ=DAILY;COUNT=0", start: "2026-03-07T09:00", timeZone: "UTC" });
    expect(never).toThrow(expect.objectContaining({ code: "invalid_rrule" }));
  });
});

describe("posting slots", () => {
  const weekdays = {
    "1": ["09:00", "17:00"],
    "2": ["09:00"],
    "3": ["09:00"],
    "4": ["09:00"],
    "5": ["09:00"],
  };

  it("takes the next free slot, skipping taken ones and the weekend", () => {
    // Friday 6 March 2026, 10:00 in New York: the next slots are Mon 09:00 and Mon 17:00.
    const after = "2026-03-06T15:00:00Z";
    expect(freeSlots(weekdays, "America/New_York", after, [], 2)).toEqual([
      "2026-03-09T13:00:00Z",
      "2026-03-09T21:00:00Z",
    ]);
    expect(freeSlots(weekdays, "America/New_York", after, ["2026-03-09T13:00:00Z"], 1)).toEqual([
      "2026-03-09T21:00:00Z",
    ]);
  });

  it("keeps the local slot time across the Berlin spring change", () => {
    const daily = Object.fromEntries(
      ["1", "2", "3", "4", "5", "6", "7"].map((d) => [d, ["08:00"]]),
    );
    expect(freeSlots(daily, "Europe/Berlin", "2026-03-28T12:00:00Z", [], 2)).toEqual([
      "2026-03-29T06:00:00Z",
      "2026-03-30T06:00:00Z",
    ]);
  });

  it("finds nothing when an account has no slots", () => {
    expect(freeSlots({}, "UTC", "2026-03-06T15:00:00Z", [], 1)).toEqual([]);
  });
});
