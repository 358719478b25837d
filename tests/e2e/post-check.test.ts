import { beforeAll, describe, expect, it } from "vitest";
import { seedImage } from "../browser/support/posts.ts";
import { connectAccount } from "../support/accounts.ts";
import { call, team } from "../support/api.ts";

let crew: Awaited<ReturnType<typeof team>>;
beforeAll(async () => {
  crew = await team("post-check");
});

type Problems = { issues: { network: string; field: string; code: string; message: string }[] };

describe("checking a post before it is scheduled", () => {
  it("names a PNG that Instagram will not take, in plain words, on Instagram only, and saves nothing", async () => {
    const instagram = await connectAccount(crew.owner, crew.workspaceId, "instagram");
    const mastodon = await connectAccount(crew.owner, crew.workspaceId, "mastodon");
    const png = await seedImage(crew.editor, crew.workspaceId, "chart.png");
    const base = `/workspaces/${crew.workspaceId}/posts`;
    const before = await call<{ items: unknown[] }>("GET", base, {
      token: crew.editor.accessToken,
    });

    const checked = await call<Problems>("POST", `${base}/check`, {
      token: crew.editor.accessToken,
      body: {
        text: "A chart",
        mediaIds: [png],
        targets: [{ accountId: instagram.id }, { accountId: mastodon.id }],
      },
    });
    expect(checked.status, checked.text).toBe(200);
    expect(checked.body.issues).toEqual([
      expect.objectContaining({
        network: "instagram",
        field: "media[0]",
        code: "media_type_unsupported",
        message: "Instagram does not take PNG images: use JPEG images. Media 1 is a PNG image.",
      }),
    ]);
    expect(checked.body.issues[0]?.message).not.toMatch(/image\/png/);
    const after = await call<{ items: unknown[] }>("GET", base, { token: crew.editor.accessToken });
    expect(after.body.items.length).toBe(before.body.items.length);
  });

  it("says which free posting slot the queue would take, leaving out an account without slots", async () => {
    const slotted = await connectAccount(crew.owner, crew.workspaceId, "x", {
      timeZone: "Europe/Berlin",
    });
    const bare = await connectAccount(crew.owner, crew.workspaceId, "bluesky");
    const slots = Object.fromEntries(
      ["1", "2", "3", "4", "5", "6", "7"].map((day) => [day, ["09:00"]]),
    );
    const put = await call("PUT", `/workspaces/${crew.workspaceId}/accounts/${slotted.id}/slots`, {
      token: crew.owner.accessToken,
      body: { timeZone: "Europe/Berlin", slots, version: slotted.version },
    });
    expect(put.status, put.text).toBe(200);
    const checked = await call<Problems & { due: { accountId: string; dueAt: string }[] }>(
      "POST",
      `/workspaces/${crew.workspaceId}/posts/check`,
      {
        token: crew.editor.accessToken,
        body: {
          text: "Queued",
          targets: [{ accountId: slotted.id }, { accountId: bare.id }],
          schedule: { mode: "queue" },
        },
      },
    );
    expect(checked.status, checked.text).toBe(200);
    expect(checked.body.due.map((d) => d.accountId)).toEqual([slotted.id]);
    const due = new Date(checked.body.due[0]?.dueAt ?? "");
    expect(due.getTime()).toBeGreaterThan(Date.now());
    expect(due.getTime()).toBeLessThanOrEqual(Date.now() + 86_400_000);
    const berlin = new Intl.DateTimeFormat("en-GB", {
      timeZone: "Europe/Berlin",
      hour: "2-digit",
      minute: "2-digit",
    }).format(due);
    expect(berlin).toBe("09:00");
  });

  it("answers no problems for a post every network takes, and refuses a viewer", async () => {
    const mastodon = await connectAccount(crew.owner, crew.workspaceId, "mastodon");
    const body = { text: "Plain text", targets: [{ accountId: mastodon.id }] };
    const path = `/workspaces/${crew.workspaceId}/posts/check`;
    const fine = await call<Problems>("POST", path, { token: crew.editor.accessToken, body });
    expect(fine.status).toBe(200);
    expect(fine.body.issues).toEqual([]);
    const viewer = await call("POST", path, { token: crew.viewer.accessToken, body });
    expect(viewer.status).toBe(403);
  });
});
