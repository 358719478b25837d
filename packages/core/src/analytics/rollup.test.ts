import { describe, expect, it } from "vitest";
import { Csv } from "../csv/index.ts";
import { toCsv } from "./export.ts";
import { engagementRate, engagementsOf, reportedOf } from "./figures.ts";
import { differenceOf } from "./rollup.ts";

const place = {
  network: "x",
  accountId: "acc_1",
  campaign: "spring",
  tags: ["launch", "launch"],
  day: "2026-12-01",
  slot: "2-09",
};

describe("engagement", () => {
  it("sums the interactions a network reports and leaves out what it does not", () => {
    expect(engagementsOf({ likes: 4, comments: 1, impressions: 100 })).toBe(5);
    expect(engagementsOf({ impressions: 100, videoViews: 3 })).toBeUndefined();
  });

  it("has no rate without impressions", () => {
    expect(engagementRate(5, 100)).toBe(0.05);
    expect(engagementRate(5, undefined)).toBeUndefined();
    expect(engagementRate(5, 0)).toBeUndefined();
  });

  it("keeps only counts a network gave: no NaN, negatives or absent figures become numbers", () => {
    expect(reportedOf({ likes: 3.7, comments: -1, shares: Number.NaN, saves: undefined })).toEqual({
      likes: 3,
    });
  });
});

describe("the difference a reading adds to the rollups", () => {
  it("counts a first reading once in every rollup it belongs to, tags de-duplicated", () => {
    const changes = differenceOf(undefined, { ...place, likes: 10, impressions: 200 });
    expect(changes.map((c) => `${c.dimension}:${c.key}`).sort()).toEqual([
      "account:acc_1",
      "campaign:spring",
      "network:x",
      "slot:2-09",
      "tag:launch",
      "workspace:all",
    ]);
    expect(changes[0]?.sums).toEqual({
      posts: 1,
      likes: 10,
      impressions: 200,
      engagements: 10,
      ratedEngagements: 10,
      ratedImpressions: 200,
    });
  });

  it("adds only what changed, and nothing for an identical reading", () => {
    const before = { ...place, likes: 10, impressions: 200 };
    const [workspace] = differenceOf(before, { ...before, likes: 14 });
    expect(workspace?.sums).toEqual({ likes: 4, engagements: 4, ratedEngagements: 4 });
    expect(differenceOf(before, { ...before })).toEqual([]);
  });

  it("adds a figure reported for the first time even at 0, so it stops being absent", () => {
    const [workspace] = differenceOf({ ...place, likes: 1 }, { ...place, likes: 1, saves: 0 });
    expect(workspace?.sums).toEqual({ saves: 0 });
  });
});

describe("CSV exports", () => {
  it("turns cells a spreadsheet would evaluate into text, and leaves figures alone", () => {
    expect(Csv.neutralize("=SUM(A1)")).toBe("'=SUM(A1)");
    expect(Csv.neutralize("+1")).toBe("'+1");
    expect(Csv.neutralize("-2")).toBe("'-2");
    expect(Csv.neutralize("@cmd")).toBe("'@cmd");
    expect(Csv.neutralize("\t=1")).toBe("'\t=1");
    expect(Csv.neutralize("plain")).toBe("plain");
    expect(Csv.neutralize(-5)).toBe(-5);
    expect(toCsv(["text", "likes"], [{ text: '=HYPERLINK("x")', likes: 3 }])).toBe(
      'text,likes\r\n"\'=HYPERLINK(""x"")",3\r\n',
    );
  });
});
