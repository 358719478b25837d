import type { Page } from "playwright-core";
import { afterAll, beforeAll, describe, test } from "vitest";
import { call, signUp, team, uniqueEmail } from "../support/api.ts";
import { publishWorker } from "../support/publishing.ts";
import {
  callFromPage,
  expectAccessible,
  openPage,
  saveScreenshot,
  settled,
  signUpInBrowser,
  textOf,
  useSession,
} from "./support/browser.ts";
import {
  createPost,
  getPost,
  networksUrl,
  poller,
  samplePng,
  seedAccount,
  seedImage,
  serveCallbacks,
  toTop,
  wallClock,
} from "./support/posts.ts";
import { type Site, startSite } from "./support/site.ts";

let site: Site;
let callbacks: Awaited<ReturnType<typeof serveCallbacks>>;
let worker: ReturnType<typeof publishWorker>;

beforeAll(async () => {
  site = await startSite();
  callbacks = await serveCallbacks();
  worker = publishWorker();
});
afterAll(async () => {
  await worker?.stop();
  await callbacks?.close();
  await site?.close();
});

const berlin = "Europe/Berlin";
const day = 86_400_000;

// The journeys run side by side: the first waits a minute or two for its post to go out.
describe.concurrent("posts, calendar and approvals", () => {
  test("a new person connects sandbox X and Mastodon, schedules a post with an image and per-network text a minute or two ahead, sees it on the calendar, then published with links to both networks", async ({
    expect,
  }) => {
    const eventually = poller(expect);
    const { context, page } = await openPage(site);
    await signUpInBrowser(page, { name: "Pat Publisher", email: uniqueEmail("publisher") });
    await settled(page);
    const suffix = Math.random().toString(36).slice(2, 7);
    const xHandle = `pat_x_${suffix}`;
    const mastodonHandle = `pat_m_${suffix}`;

    // X: the sandbox's real authorize page, and back.
    await page.goto("/app/connections");
    await settled(page);
    await page.getByRole("button", { name: "Connect X" }).click();
    await page.waitForURL((url) => url.href.startsWith(networksUrl()));
    await page.getByLabel("Sign in as").fill(xHandle);
    await page.getByRole("button", { name: "Authorize" }).click();
    await page.waitForURL("**/app/connections");
    await settled(page);
    await eventually(() => textOf(page.locator("[data-outcome]"))).toContain("Connected");
    await eventually(() => page.locator(`[data-account="${xHandle}"]`).count()).toBe(1);

    // Mastodon asks which server first.
    await page.getByRole("button", { name: "Connect Mastodon" }).click();
    await page.getByRole("dialog").getByLabel("Server").fill(`${networksUrl()}/mastodon`);
    await page.getByRole("button", { name: "Continue to Mastodon" }).click();
    await page.waitForURL((url) => url.href.startsWith(networksUrl()));
    await page.getByLabel("Sign in as").fill(mastodonHandle);
    await page.getByRole("button", { name: "Authorize" }).click();
    await page.waitForURL("**/app/connections");
    await settled(page);
    await eventually(() => page.locator(".account-row").count()).toBe(2);
    expect(await page.locator(".account-row .badge").allTextContents()).toEqual([
      "Connected",
      "Connected",
    ]);

    // Compose: both accounts, an image, and Mastodon's own text.
    await page.getByRole("link", { name: "New post" }).click();
    await settled(page);
    await page.locator(".pick", { hasText: xHandle }).getByRole("checkbox").check();
    await page.locator(".pick", { hasText: mastodonHandle }).getByRole("checkbox").check();
    const text = `Spring is here at Cadence ${suffix} #spring`;
    const mastodonText = `Spring is here, fediverse ${suffix}! https://example.com/spring`;
    await page.getByLabel("Text", { exact: true }).fill(text);
    await page.locator("#media-files").setInputFiles({
      name: "spring.png",
      mimeType: "image/png",
      buffer: await samplePng(800, 500),
    });
    await eventually(() => page.locator("#attached-media [data-media-id]").count()).toBe(1);
    await page.getByRole("tab", { name: /Mastodon/ }).click();
    await page.getByLabel("Text for Mastodon").fill(mastodonText);
    await eventually(() =>
      textOf(page.locator("[data-preview=mastodon] .preview-text").first()),
    ).toBe(mastodonText);
    await eventually(() => textOf(page.locator("[data-preview=x] .preview-text").first())).toBe(
      text,
    );
    await eventually(() => page.locator("[data-preview=x] .preview-media img").count()).toBe(1);

    // The first whole minute at least a minute ahead (the form takes minutes), in the
    // workspace's zone: time to schedule it and find it on the calendar before it goes out.
    const zone = await page.locator("#at-zone").inputValue();
    const due = new Date(Math.ceil((Date.now() + 60_000) / 60_000) * 60_000);
    const when = wallClock(due, zone);
    const at = page.locator("[data-mode-panel=at]");
    await at.getByLabel("Date").fill(when.date);
    await at.getByLabel("Time", { exact: true }).fill(when.time);
    await page.getByRole("button", { name: "Schedule", exact: true }).click();
    await page.waitForURL("**/app/post?id=**");
    await settled(page);
    const postId = new URL(page.url()).searchParams.get("id") ?? "";
    await eventually(() => textOf(page.locator("#toast"))).toMatch(/^Scheduled for /);
    expect(await page.locator("[data-target] [data-state=scheduled]").count()).toBe(2);

    // On the calendar, both accounts' copies on that day.
    await page.goto(`/app/calendar?view=month&date=${when.date}`);
    await settled(page);
    const onCalendar = page.locator(`[data-date="${when.date}"] [data-post-id="${postId}"]`);
    await eventually(() => onCalendar.count()).toBe(2);
    await toTop(page);
    await saveScreenshot(page, "journey-calendar");

    // The worker publishes it on time; the post's page then links to both posts.
    await page.goto(`/app/post?id=${postId}`);
    await settled(page);
    await expect
      .poll(
        async () => {
          await page.reload();
          await settled(page);
          return page.locator("[data-target] [data-state=published]").count();
        },
        { timeout: 4 * 60_000, interval: 5_000 },
      )
      .toBe(2);
    await toTop(page);
    await saveScreenshot(page, "journey-published");
    const xLink = (await page.locator("[data-live-link=x]").getAttribute("href")) ?? "";
    const mastodonLink =
      (await page.locator("[data-live-link=mastodon]").getAttribute("href")) ?? "";
    expect(xLink.startsWith(`${networksUrl()}/x/`)).toBe(true);
    expect(mastodonLink.startsWith(`${networksUrl()}/mastodon/`)).toBe(true);
    for (const [link, expected] of [
      [xLink, text],
      [mastodonLink, mastodonText],
    ] as const) {
      await page.goto(link);
      expect(await textOf(page.locator("article .text").first())).toBe(expected);
      expect(await page.locator("article [data-media]").count()).toBe(1);
    }
    // And on each account's timeline.
    await page.goto(`${networksUrl()}/x/timeline/${xHandle}`);
    expect(await page.locator("article .text").allTextContents()).toContain(text);
    await page.goto(`${networksUrl()}/mastodon/@${mastodonHandle}`);
    expect(await page.locator("article .text").allTextContents()).toContain(mastodonText);
    await context.close();
  }, 300_000);

  test("a scheduled post dragged to another day keeps its new time after a reload, and Move… with Undo does the same from the keyboard", async ({
    expect,
  }) => {
    const eventually = poller(expect);
    const crew = await team("drag");
    const account = await seedAccount(crew.owner, crew.workspaceId, "x", `drag_${Date.now()}`);
    const source = wallClock(new Date(Date.now() + 3 * day), berlin).date;
    const next = wallClock(new Date(Date.now() + 4 * day), berlin).date;
    // The day after, unless that is in the next month (not in this month's grid for sure).
    const target =
      next.slice(0, 7) === source.slice(0, 7)
        ? next
        : wallClock(new Date(Date.now() + 2 * day), berlin).date;
    const post = await createPost(crew.owner, crew.workspaceId, {
      text: "Drag me to another day",
      targets: [{ accountId: account.id }],
      schedule: { mode: "at", at: `${source}T10:00`, timeZone: berlin },
    });

    const { context, page } = await openPage(site);
    await useSession(page, crew.editor, crew.workspaceId);
    await page.goto(`/app/calendar?view=month&date=${source}`);
    await settled(page);
    const chip = page.locator(`[data-post-id="${post.id}"]`);
    await eventually(() => chip.getAttribute("draggable")).toBe("true");
    await chip.dragTo(page.locator(`.cal-day[data-date="${target}"]`));
    await eventually(() => textOf(page.locator(".undo-toast span"))).toMatch(/^Moved to /);
    await eventually(() =>
      page.locator(`[data-date="${target}"] [data-post-id="${post.id}"]`).count(),
    ).toBe(1);
    const moved = await getPost(crew.owner, crew.workspaceId, post.id);
    expect(wallClock(new Date(moved.targets[0]?.dueAt ?? ""), berlin)).toEqual({
      date: target,
      time: "10:00",
    });

    await page.reload();
    await settled(page);
    await eventually(() =>
      page.locator(`[data-date="${target}"] [data-post-id="${post.id}"]`).count(),
    ).toBe(1);
    expect(await page.locator(`[data-date="${source}"] [data-post-id="${post.id}"]`).count()).toBe(
      0,
    );

    // The keyboard's way: Move… opens a dialog with the date and time.
    await page.locator(`[data-post-id="${post.id}"] .cal-move`).focus();
    await page.keyboard.press("Enter");
    const dialog = page.getByRole("dialog", { name: "Move to…" });
    await dialog.getByLabel("Date").fill(source);
    await dialog.getByLabel("Time").fill("16:30");
    await dialog.getByRole("button", { name: "Move" }).click();
    await eventually(() => dialog.count()).toBe(0);
    await eventually(() =>
      page.locator(`[data-date="${source}"] [data-post-id="${post.id}"] .cal-time`).count(),
    ).toBe(1);
    const again = await getPost(crew.owner, crew.workspaceId, post.id);
    expect(wallClock(new Date(again.targets[0]?.dueAt ?? ""), berlin)).toEqual({
      date: source,
      time: "16:30",
    });
    // Undo puts it back where the drag left it.
    await page.locator(".undo-toast").getByRole("button", { name: "Undo" }).click();
    await eventually(() => textOf(page.locator("#toast"))).toBe("Undone.");
    const undone = await getPost(crew.owner, crew.workspaceId, post.id);
    expect(wallClock(new Date(undone.targets[0]?.dueAt ?? ""), berlin)).toEqual({
      date: target,
      time: "10:00",
    });
    await context.close();
  });

  test("an editor submits a post for approval; the owner sends it back with a comment; the editor edits and resubmits; the owner approves", async ({
    expect,
  }) => {
    const eventually = poller(expect);
    const crew = await team("approval");
    await call("PATCH", `/workspaces/${crew.workspaceId}`, {
      token: crew.owner.accessToken,
      body: { approvalRequired: true, version: 1 },
    });
    await seedAccount(crew.owner, crew.workspaceId, "x", `approval_${Date.now()}`);
    const editor = await openPage(site);
    await useSession(editor.page, crew.editor, crew.workspaceId);
    await editor.page.goto("/app/compose");
    await settled(editor.page);
    await editor.page.getByLabel("Text", { exact: true }).fill("Our spring sale starts Monday");
    const submit = editor.page.getByRole("button", { name: "Submit for approval" });
    await submit.click();
    await editor.page.waitForURL("**/app/post?id=**");
    await settled(editor.page);
    const postId = new URL(editor.page.url()).searchParams.get("id") ?? "";
    await eventually(() => textOf(editor.page.locator("#post-approval"))).toContain(
      "Waiting for approval",
    );

    const owner = await openPage(site);
    await useSession(owner.page, crew.owner, crew.workspaceId);
    await owner.page.goto("/app/approvals");
    await settled(owner.page);
    const card = owner.page.locator(`[data-approval="${postId}"]`);
    await eventually(() => textOf(card.locator(".post-text").first())).toBe(
      "Our spring sale starts Monday",
    );
    await card.getByRole("button", { name: "Send back…" }).click();
    const dialog = owner.page.getByRole("dialog", { name: "Send back for changes" });
    await dialog.getByRole("button", { name: "Send back" }).click();
    // A rejection needs a comment; the API says so beside the field.
    await eventually(() => textOf(dialog.locator("[data-error-for=comment]"))).not.toBe("");
    await dialog.getByLabel("What should change?").fill("Add the link to the sale page, please.");
    await dialog.getByRole("button", { name: "Send back" }).click();
    await eventually(() => textOf(owner.page.locator("#toast"))).toBe(
      "Sent back to the author with your comment.",
    );
    await eventually(() => card.count()).toBe(0);

    await editor.page.reload();
    await settled(editor.page);
    await eventually(() => textOf(editor.page.locator("[data-approval-comment]"))).toBe(
      "Add the link to the sale page, please.",
    );
    await editor.page.getByRole("link", { name: "Edit and resubmit" }).click();
    await settled(editor.page);
    const text = editor.page.getByLabel("Text", { exact: true });
    await eventually(() => text.inputValue()).toBe("Our spring sale starts Monday");
    await text.fill("Our spring sale starts Monday: https://example.com/sale");
    await editor.page.getByRole("button", { name: "Submit for approval" }).click();
    await editor.page.waitForURL("**/app/post?id=**");
    await settled(editor.page);
    await eventually(() => textOf(editor.page.locator("#post-approval"))).toContain(
      "Waiting for approval",
    );

    await owner.page.reload();
    await settled(owner.page);
    await eventually(() => textOf(card.locator(".post-text").first())).toBe(
      "Our spring sale starts Monday: https://example.com/sale",
    );
    await card.getByRole("button", { name: "Approve" }).click();
    await eventually(() => textOf(owner.page.locator("#toast"))).toBe(
      "Approved: it goes out as scheduled.",
    );
    const approved = await getPost(crew.owner, crew.workspaceId, postId);
    expect(approved.approval).toBe("approved");
    expect(approved.targets.map((t) => t.state)).toEqual(["scheduled"]);
    await editor.context.close();
    await owner.context.close();
  });

  test("a viewer sees the calendar and posts but no edit controls, and the API refuses their writes", async ({
    expect,
  }) => {
    const eventually = poller(expect);
    const crew = await team("viewer-posts");
    const account = await seedAccount(crew.owner, crew.workspaceId, "x", `viewer_${Date.now()}`);
    const date = wallClock(new Date(Date.now() + 2 * day), berlin).date;
    const post = await createPost(crew.owner, crew.workspaceId, {
      text: "Look but do not touch",
      targets: [{ accountId: account.id }],
      schedule: { mode: "at", at: `${date}T09:00`, timeZone: berlin },
    });
    const { context, page } = await openPage(site);
    await useSession(page, crew.viewer, crew.workspaceId);
    await page.goto(`/app/calendar?view=month&date=${date}`);
    await settled(page);
    const chip = page.locator(`[data-post-id="${post.id}"]`);
    await eventually(() => chip.count()).toBe(1);
    expect(await chip.getAttribute("draggable")).toBeNull();
    expect(await page.locator(".cal-move").count()).toBe(0);
    expect(await page.getByRole("link", { name: "New post" }).count()).toBe(0);

    await chip.getByRole("link").click();
    await page.waitForURL("**/app/post?id=**");
    await settled(page);
    await eventually(() => page.locator("[data-target] [data-state=scheduled]").count()).toBe(1);
    expect(await page.locator("#post-actions").getByRole("button").count()).toBe(0);
    expect(await page.locator("#post-actions").getByRole("link").count()).toBe(0);

    await page.goto("/app/compose");
    await settled(page);
    await eventually(() => textOf(page.locator("#compose-state h3"))).toBe(
      "Viewers do not write posts",
    );

    const base = `/workspaces/${crew.workspaceId}`;
    const write = await callFromPage(page, site.api, "POST", `${base}/posts`, {
      text: "Sneaky",
      targets: [{ accountId: account.id }],
    });
    expect(write).toEqual({ status: 403, code: "role_required" });
    const move = await callFromPage(page, site.api, "POST", `${base}/posts/${post.id}/schedule`, {
      schedule: { mode: "now" },
      version: post.version,
    });
    expect(move).toEqual({ status: 403, code: "role_required" });
    const remove = await callFromPage(page, site.api, "DELETE", `${base}/posts/${post.id}`);
    expect(remove).toEqual({ status: 403, code: "role_required" });
    await context.close();
  });

  test("the post screens are accessible in light and dark mode, and fit a phone", async ({
    expect,
  }) => {
    const eventually = poller(expect);
    const crew = await team("post-screens");
    const base = `/workspaces/${crew.workspaceId}`;
    await call("PATCH", base, {
      token: crew.owner.accessToken,
      body: { approvalRequired: true, version: 1 },
    });
    const x = await seedAccount(crew.owner, crew.workspaceId, "x", "cadence_news");
    const mastodon = await seedAccount(crew.owner, crew.workspaceId, "mastodon", "social_team");
    for (const account of [x, mastodon]) {
      await call("PUT", `${base}/accounts/${account.id}/slots`, {
        token: crew.owner.accessToken,
        body: {
          timeZone: berlin,
          // Every weekday is named: the API takes the whole week at once.
          slots: {
            "1": ["09:00", "17:30"],
            "2": [],
            "3": ["12:00"],
            "4": [],
            "5": ["10:15"],
            "6": [],
            "7": [],
          },
        },
      });
    }
    const imageId = await seedImage(crew.owner, crew.workspaceId, "spring-banner.png");
    // A sign-off Mastodon posts get when scheduled, and a preset for launches.
    const saved = await Promise.all([
      call("POST", `${base}/signatures`, {
        token: crew.owner.accessToken,
        body: { name: "Team sign-off", text: "— the Cadence team", autoAppend: [mastodon.id] },
      }),
      call("POST", `${base}/presets`, {
        token: crew.owner.accessToken,
        body: {
          name: "Launch on X and Mastodon",
          targets: [{ accountId: x.id }, { accountId: mastodon.id }],
          schedule: { mode: "queue" },
        },
      }),
    ]);
    expect(saved.map((answer) => answer.status)).toEqual([201, 201]);
    const texts = [
      "Spring collection is live #spring",
      "Five tips for better mornings https://example.com/tips",
      "Meet the team behind the app",
      "Webinar on Thursday: register now",
      "Thank you for 10k followers!",
    ];
    let detailId = "";
    for (let index = 0; index < 16; index++) {
      const due = wallClock(new Date(Date.now() + (index + 1) * 0.6 * day), berlin);
      const created = await createPost(crew.owner, crew.workspaceId, {
        text: texts[index % texts.length],
        mediaIds: index % 4 === 0 ? [imageId] : [],
        tags: [index % 2 ? "tips" : "launch"],
        targets: [
          { accountId: x.id },
          ...(index % 3 === 0
            ? [{ accountId: mastodon.id, overrides: { text: `${texts[index % texts.length]} 🐘` } }]
            : []),
        ],
        schedule: { mode: "at", at: `${due.date}T${due.time}`, timeZone: berlin },
      });
      if (index === 0) detailId = created.id;
    }
    // One that fails (the seeded account has no sign-in to publish with) and one waiting.
    // Publishing finds no sign-in for this account, fails, and flags it for reconnecting.
    const stale = await seedAccount(crew.owner, crew.workspaceId, "x", "old_brand");
    const failing = await createPost(crew.owner, crew.workspaceId, {
      text: "This one cannot go out",
      targets: [{ accountId: stale.id }],
      schedule: { mode: "now" },
    });
    await createPost(crew.editor, crew.workspaceId, {
      text: "Draft announcement for the summer sale, please check the wording",
      targets: [{ accountId: x.id }, { accountId: mastodon.id }],
      schedule: { mode: "queue" },
    });
    await expect
      .poll(
        async () => (await getPost(crew.owner, crew.workspaceId, failing.id)).targets[0]?.state,
        {
          timeout: 20_000,
        },
      )
      .toBe("failed");

    const screens = [
      ["compose", "/app/compose"],
      ["calendar-month", "/app/calendar?view=month"],
      ["calendar-week", "/app/calendar?view=week"],
      ["calendar-list", "/app/calendar?view=list"],
      ["post", `/app/post?id=${detailId}`],
      ["approvals", "/app/approvals"],
      ["attention", "/app/attention"],
      ["media", "/app/media"],
      ["connections", "/app/connections"],
    ] as const;
    for (const scheme of ["light", "dark"] as const) {
      const { context, page } = await openPage(site, { colorScheme: scheme });
      await useSession(page, crew.owner, crew.workspaceId);
      for (const [name, path] of screens) {
        await page.goto(path);
        await settled(page);
        if (name === "compose") {
          await page
            .getByLabel("Start from a preset")
            .selectOption({ label: "Launch on X and Mastodon" });
          await eventually(() => page.locator(".pick input:checked").count()).toBe(2);
          expect(await page.getByRole("radio", { name: "Next free slot" }).isChecked()).toBe(true);
          await fillComposer(page, [x.handle, mastodon.handle]);
          await eventually(() =>
            textOf(page.locator("[data-preview=mastodon] .preview-text").first()),
          ).toContain("— the Cadence team");
        }
        await expectAccessible(page, `${name} (${scheme})`);
        await toTop(page);
        await saveScreenshot(page, `${name}-${scheme}`);
      }
      // The dialogs are screens too.
      await page.goto("/app/connections");
      await settled(page);
      await page.getByRole("button", { name: "Connect Mastodon" }).click();
      await expectAccessible(page, `connect Mastodon (${scheme})`);
      await page.keyboard.press("Escape");
      await page.getByRole("button", { name: "Posting slots" }).first().click();
      await expectAccessible(page, `posting slots (${scheme})`);
      await saveScreenshot(page, `slots-${scheme}`);
      await page.goto("/app/media");
      await settled(page);
      await page.getByRole("button", { name: /spring-banner\.png/ }).click();
      await expectAccessible(page, `media details (${scheme})`);
      await saveScreenshot(page, `media-details-${scheme}`);
      await context.close();
    }

    const { context, page } = await openPage(site, { mobile: true });
    await useSession(page, crew.admin, crew.workspaceId);
    for (const [name, path] of screens) {
      await page.goto(path);
      await settled(page);
      if (name === "compose") await fillComposer(page, [x.handle]);
      await toTop(page);
      await saveScreenshot(page, `${name}-phone`);
      const overflow = await page.evaluate(
        () => document.documentElement.scrollWidth - document.documentElement.clientWidth,
      );
      expect(overflow, `${name} scrolls sideways on a phone`).toBeLessThanOrEqual(0);
    }
    await context.close();
  });

  test("a post over X's limit shows the problem as it is typed and cannot be scheduled", async ({
    expect,
  }) => {
    const eventually = poller(expect);
    const owner = await signUp("x-limit");
    const account = await seedAccount(owner, owner.workspaceId, "x", `limit_${Date.now()}`);
    const { context, page } = await openPage(site);
    await useSession(page, owner, owner.workspaceId);
    await page.goto("/app/compose");
    await settled(page);
    const counter = page.locator("[data-counter-main=x]");
    const text = page.getByLabel("Text", { exact: true });

    // X weighs CJK characters double: 141 of them are 282.
    await text.fill("日".repeat(141));
    await eventually(() => textOf(counter.locator(".counter"))).toBe("282 / 280");
    expect(await counter.getAttribute("class")).toContain("counter-over");
    await eventually(() => textOf(page.locator("#main-problems"))).toContain(
      "X allows 280 characters (weighted); this post has 282.",
    );
    expect(await page.getByRole("tab", { name: /X.*has problems/ }).count()).toBe(1);
    await text.fill("日".repeat(140));
    await eventually(() => textOf(counter.locator(".counter"))).toBe("280 / 280");
    expect(await page.locator("#main-problems").isHidden()).toBe(true);

    const tooLong = `${"Long enough to be refused. ".repeat(11)}`.trim();
    await text.fill(tooLong);
    await eventually(() => textOf(counter.locator(".counter"))).toBe(`${tooLong.length} / 280`);
    await page.getByRole("button", { name: "Schedule", exact: true }).click();
    const problem = page.locator("#compose-form [data-form-error]");
    await eventually(() => textOf(problem)).toContain("X allows 280 characters (weighted)");
    await toTop(page);
    await saveScreenshot(page, "compose-over-limit");
    expect(new URL(page.url()).pathname).toBe("/app/compose");
    const posts = await call<{ items: unknown[] }>(
      "GET",
      `/workspaces/${owner.workspaceId}/posts`,
      {
        token: owner.accessToken,
      },
    );
    expect(posts.body.items).toEqual([]);

    // The API, which has the last word, refuses it too and names the field.
    const refused = await page.evaluate(
      async ({ api, path, body }) => {
        const stored = JSON.parse(sessionStorage.getItem("cadence.access") ?? "{}");
        const response = await fetch(`${api}${path}`, {
          method: "POST",
          headers: { authorization: `Bearer ${stored.token}`, "content-type": "application/json" },
          body: JSON.stringify(body),
        });
        const problem = await response.json();
        return { status: response.status, code: problem.code, field: problem.field };
      },
      {
        api: site.api,
        path: `/workspaces/${owner.workspaceId}/posts`,
        body: { text: tooLong, targets: [{ accountId: account.id }], schedule: { mode: "now" } },
      },
    );
    expect(refused).toEqual({ status: 400, code: "content_invalid", field: "targets[0].text" });
    await context.close();
  });
});

/** A composer with something in it: accounts, text, a thread post. */
async function fillComposer(page: Page, handles: string[]): Promise<void> {
  for (const handle of handles) {
    await page.locator(".pick", { hasText: handle }).getByRole("checkbox").check();
  }
  await page
    .getByLabel("Text", { exact: true })
    .fill("Our spring collection is here 🌱 See it at https://example.com/spring #spring @cadence");
  await page.getByRole("tab", { name: /^X/ }).click();
  await page.getByRole("button", { name: "Add to the thread" }).click();
  await page.getByRole("textbox", { name: "Thread post 2" }).fill("Free shipping all week.");
  await page.getByRole("tab", { name: "All networks" }).click();
}
