import { describe, expect, it } from "vitest";
import { sniff } from "./sniff.ts";

const png = Buffer.from(
  "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==",
  "base64",
);

describe("sniffing uploads", () => {
  it("recognises a PNG from its bytes", async () => {
    expect(await sniff(png)).toEqual({ accepted: true, mimeType: "image/png", kind: "image" });
  });

  it("refuses a Linux executable and says what it is", async () => {
    const elf = Buffer.concat([
      Buffer.from([0x7f, 0x45, 0x4c, 0x46, 2, 1, 1, 0]),
      Buffer.alloc(56),
    ]);
    expect(await sniff(elf)).toEqual({ accepted: false, detected: "application/x-elf" });
  });

  it("refuses a shell script, whose bytes match no format", async () => {
    expect(await sniff(Buffer.from("#!/bin/sh\nrm -rf /\n"))).toEqual({ accepted: false });
  });

  it("refuses a PDF even though file-type knows it", async () => {
    const result = await sniff(Buffer.from("%PDF-1.7\n%âãÏÓ\n1 0 obj\n"));
    expect(result.accepted).toBe(false);
  });
});
