import { ApiError, client, ok, type Schema } from "../lib/api.ts";
import { Editor, type Signature, type TargetDraft } from "../lib/composer/editor.ts";
import { ScheduleSection } from "../lib/composer/schedule.ts";
import { byId, emptyState, h, messageOf, showContent, showError, showLoading } from "../lib/dom.ts";
import { clearErrors, setFieldError } from "../lib/forms.ts";
import { networkOf } from "../lib/networks.ts";
import {
  type Account,
  can,
  editUrl,
  type MediaItem,
  type Post,
  postUrl,
  type ScheduleIntent,
} from "../lib/posts.ts";
import { setFlash } from "../lib/session.ts";
import { type AppContext, mountApp } from "../lib/shell.ts";
import { formatInstant } from "../lib/time.ts";

const form = byId<HTMLFormElement>("compose-form");
const state = byId("compose-state");
const submitButton = byId<HTMLButtonElement>("submit-post");
const draftButton = byId<HTMLButtonElement>("save-draft");
const formError = form.querySelector<HTMLElement>("[data-form-error]") as HTMLElement;

mountApp(async (context) => {
  const params = new URLSearchParams(location.search);
  const postId = params.get("post");
  if (postId) {
    byId("compose-title").textContent = "Edit post";
    document.title = "Edit post · Cadence";
    byId<HTMLAnchorElement>("cancel-edit").href = postUrl(postId);
  }
  if (!can.write(context.role)) {
    showContent(
      state,
      h(
        "div",
        { class: "card" },
        emptyState({
          title: "Viewers do not write posts",
          text: "Ask an owner or admin to make you an editor. You can still see everything on the calendar.",
          action: h(
            "a",
            { class: "btn btn-secondary", href: "/app/calendar" },
            "Open the calendar",
          ),
        }),
      ),
    );
    return;
  }
  showLoading(state, "Loading your accounts…");
  let accounts: Account[];
  let post: Post | undefined;
  let media: MediaItem[] = [];
  // Signatures and presets make writing quicker; the composer works without them.
  const inWorkspace = { params: { path: { workspaceId: context.workspaceId } } };
  const extras = Promise.all([
    ok(client.GET("/workspaces/{workspaceId}/signatures", inWorkspace)).then(
      (r) => r.data.items,
      () => [] as Signature[],
    ),
    ok(client.GET("/workspaces/{workspaceId}/presets", inWorkspace)).then(
      (r) => r.data.items,
      () => [] as Preset[],
    ),
  ]);
  try {
    [accounts, post] = await Promise.all([
      ok(client.GET("/workspaces/{workspaceId}/accounts", inWorkspace)).then((r) => r.data.items),
      postId
        ? ok(
            client.GET("/workspaces/{workspaceId}/posts/{postId}", {
              params: { path: { workspaceId: context.workspaceId, postId } },
            }),
          ).then((r) => r.data)
        : undefined,
    ]);
    if (post) {
      media = await Promise.all(
        post.mediaIds.map((id) =>
          ok(
            client.GET("/workspaces/{workspaceId}/media/{mediaId}", {
              params: { path: { workspaceId: context.workspaceId, mediaId: id } },
            }),
          ).then((r) => r.data),
        ),
      );
    }
  } catch (error) {
    showError(state, error, () => location.reload());
    return;
  }
  if (accounts.length === 0) {
    showContent(
      state,
      h(
        "div",
        { class: "card" },
        emptyState({
          title: "Connect an account first",
          text: "Posts go to your social accounts. Connect one, then come back to write.",
          action: h(
            "a",
            { class: "btn btn-primary", href: "/app/connections" },
            "Connect an account",
          ),
        }),
      ),
    );
    return;
  }
  // The saved time falls in an hour the zone skips or repeats: say which instant was chosen.
  const scheduleWarning = byId("schedule-warning");
  scheduleWarning.textContent = post?.warnings.map((w) => w.message).join(" ") ?? "";
  scheduleWarning.hidden = !post?.warnings.length;
  const locked = post?.targets.find((t) =>
    ["publishing", "published", "needs_review"].includes(t.state),
  );
  if (post && locked) {
    const copy = post.id;
    showContent(
      state,
      h(
        "div",
        { class: "card" },
        emptyState({
          title: "This post has already gone out",
          text: `It is ${locked.state.replace("_", " ")} on ${networkOf(locked.network).name}, so it cannot change. Duplicate it to post a changed version.`,
          action: h(
            "button",
            {
              type: "button",
              class: "btn btn-primary",
              onclick: async () => {
                const { data } = await ok(
                  client.POST("/workspaces/{workspaceId}/posts/{postId}/duplicate", {
                    params: { path: { workspaceId: context.workspaceId, postId: copy } },
                  }),
                );
                location.assign(editUrl(data.id));
              },
            },
            "Duplicate and edit",
          ),
        }),
      ),
    );
    return;
  }
  const [signatures, presets] = await extras;
  showContent(state);
  start(context, { accounts, post, media, signatures, presets: post ? [] : presets }, params);
});

type Preset = Schema<"Preset">;

interface Loaded {
  accounts: Account[];
  post: Post | undefined;
  media: MediaItem[];
  signatures: Signature[];
  presets: Preset[];
}

function start(context: AppContext, loaded: Loaded, params: URLSearchParams): void {
  const { accounts, post, media, signatures, presets } = loaded;
  const approval = context.workspace.approvalRequired && context.role === "editor";
  byId("approval-note").hidden = !approval;
  let schedule: ScheduleSection | undefined;
  let blockedLocally = false;
  const label = () => {
    // A "fix it first" message goes once the problems it was about are fixed.
    if (blockedLocally && [...editor.problems().values()].every((found) => found.length === 0)) {
      formError.hidden = true;
      blockedLocally = false;
    }
    if (!schedule) return;
    submitButton.textContent = approval
      ? "Submit for approval"
      : (
          {
            now: "Publish now",
            at: "Schedule",
            queue: "Add to queue",
            recurring: "Schedule",
            evergreen: "Add as evergreen",
          } as const
        )[schedule.mode];
    schedule.noteAccounts(editor.chosenAccounts());
  };
  const editor = new Editor(context.workspaceId, accounts, label, signatures);
  schedule = new ScheduleSection(form, context.workspace.timeZone, label, context.workspaceId);
  form.hidden = false;
  let presetId: string | undefined;
  if (presets.length > 0) {
    const pick = byId<HTMLSelectElement>("preset-pick");
    pick.append(...presets.map((p) => h("option", { value: p.id }, p.name)));
    byId("preset-field").hidden = false;
    pick.addEventListener("change", () => {
      const preset = presets.find((p) => p.id === pick.value);
      presetId = preset?.id;
      if (!preset) return;
      editor.applyTargets(preset.targets);
      if (preset.schedule) schedule?.load(preset.schedule);
    });
  }

  if (post) {
    editor.load(post);
    editor.media.set(media);
    (form.elements.namedItem("tags") as HTMLInputElement).value = post.tags.join(", ");
    (form.elements.namedItem("campaign") as HTMLInputElement).value = post.campaign ?? "";
    (form.elements.namedItem("notes") as HTMLTextAreaElement).value = post.notes ?? "";
    schedule.load(post.schedule);
    if (post.approval === "rejected" && post.approvalComment) {
      formError.textContent = `Changes requested: ${post.approvalComment}`;
      formError.classList.replace("alert-error", "alert-warning");
      formError.hidden = false;
    }
  } else {
    const only = accounts.filter((a) => a.status === "active");
    if (only.length === 1 && only[0]) editor.choose(only[0].id, true);
    schedule.load(undefined, params.get("date") ?? undefined, params.get("time") ?? undefined);
    editor.refresh();
  }
  label();

  const send = async (kind: "draft" | "schedule", button: HTMLButtonElement) => {
    if (button.getAttribute("aria-busy") === "true") return;
    clearErrors(form);
    formError.classList.replace("alert-warning", "alert-error");
    for (const input of form.querySelectorAll<HTMLElement>("[data-server-error]")) {
      delete input.dataset.serverError;
    }
    const targets = editor.targets();
    if (targets.length === 0) {
      return problem(
        form.querySelector("#account-picks input:not(:disabled)"),
        "targets",
        "Choose at least one account.",
      );
    }
    if (editor.media.uploading)
      return problem(null, "", "Wait for the uploads to finish, then try again.");
    let intent: ScheduleIntent = { mode: "draft" };
    if (kind === "schedule") {
      for (const [network, issues] of editor.problems()) {
        const first = issues[0];
        if (!first) continue;
        const input = editor.openTab(network)?.inputFor(first.field);
        problem(null, "", `${first.message} Fix it before scheduling, or save a draft.`);
        blockedLocally = true;
        input?.focus();
        return;
      }
      const planned = schedule.intent();
      if ("field" in planned)
        return problem(schedule.inputFor(planned.field) ?? null, planned.field, planned.message);
      intent = planned.intent;
    }
    const label = button.textContent ?? "";
    button.setAttribute("aria-busy", "true");
    button.textContent = kind === "draft" ? "Saving…" : "Sending…";
    try {
      const saved = await save(context, post, editor, targets, intent, presetId);
      if (!post && intent.mode === "queue") {
        // Filling a queue is post after post: stay here, ready for the next one.
        addedToQueue(saved, context.workspace.timeZone);
        editor.clearForNext();
        schedule.forgetQueueTimes();
        editor.refresh();
        editor.text.focus();
        return;
      }
      setFlash(flashFor(saved, intent, context.workspace.timeZone));
      location.assign(postUrl(saved.id));
    } catch (error) {
      placeProblem(error, editor, schedule, targets);
    } finally {
      button.removeAttribute("aria-busy");
      button.textContent = label;
    }
  };
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    void send("schedule", submitButton);
  });
  draftButton.addEventListener("click", () => void send("draft", draftButton));
}

async function save(
  context: AppContext,
  post: Post | undefined,
  editor: Editor,
  targets: TargetDraft[],
  schedule: ScheduleIntent,
  presetId: string | undefined,
): Promise<Post> {
  const value = (name: string) => (form.elements.namedItem(name) as HTMLInputElement).value.trim();
  const tags = [
    ...new Set(
      value("tags")
        .split(",")
        .map((tag) => tag.trim().replace(/^#/, ""))
        .filter(Boolean),
    ),
  ];
  const body = {
    text: editor.text.value,
    mediaIds: editor.media.items.map((item) => item.id),
    tags,
    targets: targets.map((t) => ({ accountId: t.account.id, overrides: t.overrides })),
    schedule,
  };
  if (post) {
    const { data } = await ok(
      client.PATCH("/workspaces/{workspaceId}/posts/{postId}", {
        params: { path: { workspaceId: context.workspaceId, postId: post.id } },
        body: {
          ...body,
          campaign: value("campaign") || null,
          notes: value("notes") || null,
          version: post.version,
        },
      }),
    );
    return data;
  }
  const { data } = await ok(
    client.POST("/workspaces/{workspaceId}/posts", {
      params: { path: { workspaceId: context.workspaceId } },
      body: {
        ...body,
        ...(presetId ? { presetId } : {}),
        ...(value("campaign") ? { campaign: value("campaign") } : {}),
        ...(value("notes") ? { notes: value("notes") } : {}),
      },
    }),
  );
  return data;
}

function flashFor(post: Post, intent: ScheduleIntent, zone: string): string {
  if (intent.mode === "draft") return "Saved as a draft.";
  if (post.approval === "pending") return "Sent for approval. An owner or admin will review it.";
  if (intent.mode === "now") return "Publishing now.";
  const due = post.targets
    .map((t) => t.dueAt)
    .filter(Boolean)
    .sort()[0];
  const scheduled = due ? `Scheduled for ${formatInstant(due, zone).text}.` : "Scheduled.";
  // A time the zone skips or repeats: say which instant was chosen, not only that it was.
  return [scheduled, ...post.warnings.map((w) => w.message)].join(" ");
}

/** Says where the post just added went, with a link to it, above the emptied composer. */
function addedToQueue(post: Post, zone: string): void {
  const note = byId("queue-added");
  note.replaceChildren(
    `${flashFor(post, { mode: "queue" }, zone)} `,
    h("a", { href: postUrl(post.id) }, "Open the post"),
    ". Write the next one, or ",
    h("a", { href: "/app/queue" }, "see the queue"),
    ".",
  );
  note.hidden = false;
}

/** Shows a problem at an input (and focuses it), or in the form's error slot. */
function problem(input: HTMLElement | null, field: string, message: string): void {
  if (input && field) {
    setFieldError(form, input, field, message);
    input.dataset.serverError = "true";
    input.focus();
    return;
  }
  formError.textContent = message;
  formError.hidden = false;
  formError.focus();
}

/**
 * The API names the input a problem is about; per-account fields (`targets[2].text`) go to
 * that account's network tab.
 */
function placeProblem(
  error: unknown,
  editor: Editor,
  schedule: ScheduleSection,
  targets: TargetDraft[],
): void {
  if (!(error instanceof ApiError)) {
    problem(null, "", messageOf(error));
    return;
  }
  if (error.code === "version_conflict") {
    problem(
      null,
      "",
      "Someone else changed this post since you opened it. Reload the page to see their version, then make your change again.",
    );
    return;
  }
  const field = error.field ?? "";
  const message = messageOf(error);
  const target = /^targets\[(\d+)\]\.?(.*)$/.exec(field);
  if (target) {
    const draft = targets[Number(target[1])];
    const rest = target[2] ?? "";
    if (draft && rest === "accountId") {
      problem(document.getElementById(`pick-${draft.account.id}`), field, message);
      return;
    }
    if (draft) {
      const input = editor.openTab(draft.account.network)?.inputFor(rest);
      problem(input ?? null, field, message);
      return;
    }
  }
  if (field.startsWith("schedule")) {
    problem(schedule.inputFor(field) ?? null, field, message);
    return;
  }
  const named = field ? form.elements.namedItem(field) : null;
  if (field === "text" || field === "mediaIds") editor.openTab("all");
  problem(named instanceof HTMLElement ? named : null, field, message);
}
