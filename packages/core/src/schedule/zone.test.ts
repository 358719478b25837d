import { describe, expect, it } from "vitest";
import { Schedule } from "./index.ts";
import { localTimeWarning, localToUtc } from "./zone.ts";

const newYork = "America/New_York";

describe("local times a zone skips or repeats", () => {
  it("02:30 on a spring-forward day is answered with 03:30 and says why", () => {
    const warning = localTimeWarning("2027-03-14T02:30", newYork, "schedule.at");
    expect(warning).toEqual({
      code: "time_skipped",
      field: "schedule.at",
      chosen: "2027-03-14T07:30:00Z",
      message:
        "02:30 does not exist on Sunday 14 March 2027 in America/New_York: the clocks go forward. Cadence will publish at 03:30 EDT (07:30 UTC); pick another time if that is not what you want.",
    });
    // The warning names the instant scheduling really uses.
    expect(warning?.chosen).toBe(localToUtc("2027-03-14T02:30", newYork));
  });

  it("01:30 on a fall-back day takes the first of its two instants and says how to pick the second", () => {
    const warning = localTimeWarning("2027-11-07T01:30", newYork, "schedule.at");
    expect(warning?.code).toBe("time_ambiguous");
    expect(warning?.chosen).toBe("2027-11-07T05:30:00Z");
    expect(warning?.message).toContain("Cadence will publish at the first, 01:30 EDT (05:30 UTC)");
    expect(localToUtc("2027-11-07T01:30-05:00", newYork)).toBe("2027-11-07T06:30:00Z");
  });

  it("an ordinary time, or one given with an offset, warns of nothing", () => {
    expect(localTimeWarning("2027-03-14T04:30", newYork, "schedule.at")).toBeUndefined();
    expect(localTimeWarning("2027-03-14T02:30-04:00", newYork, "schedule.at")).toBeUndefined();
    expect(localTimeWarning("2027-11-07T01:30", "UTC", "schedule.at")).toBeUndefined();
  });

  it("a schedule warns for a one-time or a recurring start, not for queue or now", () => {
    expect(
      Schedule.warningsOf({ mode: "at", at: "2027-03-14T02:15", timeZone: newYork }),
    ).toMatchObject([
      { code: "time_skipped", field: "schedule.at", chosen: "2027-03-14T07:15:00Z" },
    ]);
    expect(
      Schedule.warningsOf({
        mode: "recurring",
        start: "2027-11-07T01:00",
        timeZone: newYork,
        rrule: "FREQ=WEEKLY",
      }),
    ).toMatchObject([{ code: "time_ambiguous", field: "schedule.start" }]);
    expect(Schedule.warningsOf({ mode: "queue" })).toEqual([]);
    expect(Schedule.warningsOf({ mode: "now" })).toEqual([]);
  });
});
