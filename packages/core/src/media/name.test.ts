import { describe, expect, it } from "vitest";
import { matchesQuery, safeFileName } from "./name.ts";

describe("safe file names for object keys", () => {
  it("keeps a plain name as it is", () => {
    expect(safeFileName("beach-2026.jpg")).toBe("beach-2026.jpg");
  });

  it("turns accents, spaces and symbols into plain ASCII", () => {
    expect(safeFileName("Café Menü (final) #2.JPG")).toBe("Cafe-Menu-final-2.jpg");
  });

  it("drops any folder part and path tricks", () => {
    expect(safeFileName("../../etc/passwd")).toBe("passwd");
    expect(safeFileName("C:\\Users\\me\\photo.png")).toBe("photo.png");
  });

  it("names a file that has nothing usable left 'file'", () => {
    expect(safeFileName("😀😀.png")).toBe("file.png");
    expect(safeFileName("")).toBe("file");
  });

  it("shortens very long names but keeps the extension", () => {
    const name = safeFileName(`${"a".repeat(300)}.webm`);
    expect(name).toBe(`${"a".repeat(80)}.webm`);
  });
});

describe("library search", () => {
  const item = {
    name: "Beach Sunset.jpg",
    altText: "Waves at dusk, Côte d'Azur",
    tags: ["summer"],
  };

  it("matches every word, in any field, ignoring case and accents", () => {
    expect(matchesQuery(item, "sunset")).toBe(true);
    expect(matchesQuery(item, "COTE waves")).toBe(true);
    expect(matchesQuery(item, "summer beach")).toBe(true);
  });

  it("does not match when one word is missing", () => {
    expect(matchesQuery(item, "sunset winter")).toBe(false);
  });

  it("an empty query matches everything", () => {
    expect(matchesQuery(item, "  ")).toBe(true);
    expect(matchesQuery(item, undefined)).toBe(true);
  });
});
