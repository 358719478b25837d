import { describe, expect, it } from "vitest";
import type { SignatureItem } from "../db/entities/signature.ts";
import { appendSignature, applySignatures, autoAppendByAccount } from "./append.ts";

const signature = (signatureId: string, text: string, autoAppend: string[]) =>
  ({ signatureId, text, autoAppend, name: signatureId }) as SignatureItem;

describe("appending a signature", () => {
  it("goes after the text with a blank line", () => {
    expect(appendSignature("Launch day!", "— the Cadence team")).toBe(
      "Launch day!\n\n— the Cadence team",
    );
  });

  it("is not appended twice", () => {
    const once = appendSignature("Launch day!", "#cadence");
    expect(appendSignature(once, "#cadence")).toBe(once);
    expect(appendSignature(`${once}\n`, "#cadence")).toBe(`${once}\n`);
  });

  it("the oldest signature wins an account two of them claim", () => {
    const byAccount = autoAppendByAccount([
      signature("sig_b", "B", ["acc_1"]),
      signature("sig_a", "A", ["acc_1", "acc_2"]),
    ]);
    expect(byAccount.get("acc_1")?.text).toBe("A");
    expect(byAccount.get("acc_2")?.text).toBe("A");
  });
});

describe("signing a post's targets", () => {
  const byAccount = autoAppendByAccount([signature("sig_1", "#cadence", ["acc_x"])]);
  const targets = [
    { accountId: "acc_x", overrides: {} },
    { accountId: "acc_m", overrides: { text: "Mastodon edition" } },
  ];

  it("signs a scheduled post's accounts that have a signature, in their override", async () => {
    const signed = await applySignatures(targets, { text: "Hello", mode: "at" }, byAccount);
    expect(signed.map((t) => t.overrides.text)).toEqual(["Hello\n\n#cadence", "Mastodon edition"]);
  });

  it("leaves a draft unsigned", async () => {
    expect(await applySignatures(targets, { text: "Hello", mode: "draft" }, byAccount)).toEqual(
      targets,
    );
  });

  it("signs an override once, however often the post is rescheduled", async () => {
    const once = await applySignatures(targets, { text: "Hello", mode: "at" }, byAccount);
    const again = await applySignatures(
      once,
      { text: "Hello", mode: "queue", previousText: "Hello" },
      byAccount,
    );
    expect(again).toEqual(once);
  });

  it("an override that only signed the post's text follows an edit of that text", async () => {
    const once = await applySignatures(targets, { text: "Hello", mode: "at" }, byAccount);
    const edited = await applySignatures(
      once,
      { text: "Hello again", mode: "at", previousText: "Hello" },
      byAccount,
    );
    expect(edited[0]?.overrides.text).toBe("Hello again\n\n#cadence");
  });

  it("an override the author wrote keeps their words when the post's text changes", async () => {
    const own = [{ accountId: "acc_x", overrides: { text: "Only for X" } }];
    const edited = await applySignatures(
      own,
      { text: "Hello again", mode: "at", previousText: "Hello" },
      byAccount,
    );
    expect(edited[0]?.overrides.text).toBe("Only for X\n\n#cadence");
  });
});
