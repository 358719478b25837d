import { describe, expect, it } from "vitest";
import { fittingFor } from "./fitting.ts";

describe("what each autorepost target's copy is fitted to", () => {
  it("a Reel and a Short are vertical videos, a Short no longer than Shorts allow", () => {
    expect(fittingFor("instagram", { postType: "reel" }).video).toMatch(/^9:16, .*H\.264\/AAC MP4/);
    // Shorts run three minutes at most, whatever the longer uploads the channel may make.
    expect(fittingFor("youtube", { shorts: true }).video).toContain("9:16, at most 180 s");
    expect(fittingFor("youtube", {}).video).not.toContain("9:16");
  });

  it("an account whose network Cadence does not know gets no files", () => {
    expect(fittingFor("myspace", {})).toEqual({ video: null, image: null });
  });
});
