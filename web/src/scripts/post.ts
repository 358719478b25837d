import { activityRow, membersById } from "../lib/activity.ts";
import { renderPostFigures } from "../lib/analytics/post-figures.ts";
import { client, ok } from "../lib/api.ts";
import { confirmAction } from "../lib/dialog.ts";
import {
  byId,
  emptyState,
  h,
  messageOf,
  notify,
  showContent,
  showError,
  showLoading,
} from "../lib/dom.ts";
import { networkName } from "../lib/networks.ts";
import { approve, describeSchedule, editable, reject } from "../lib/post-actions.ts";
import { renderContent, targetRow } from "../lib/post-view.ts";
import { type Account, accountsById, can, editUrl, type Post, statusBadge } from "../lib/posts.ts";
import { setFlash } from "../lib/session.ts";
import { type AppContext, mountApp } from "../lib/shell.ts";
import { timeElement } from "../lib/time.ts";
import type { Member } from "../lib/types.ts";

const postId = new URLSearchParams(location.search).get("id") ?? "";

mountApp(async (context) => {
  const state = byId("post-state");
  if (!postId) {
    showContent(
      state,
      h(
        "div",
        { class: "card" },
        emptyState({
          title: "No post chosen",
          text: "Open a post from the calendar.",
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
  showLoading(state, "Loading the post…");
  const members = ok(
    client.GET("/workspaces/{workspaceId}/members", {
      params: { path: { workspaceId: context.workspaceId } },
    }),
  )
    .then((r) => membersById(r.data.items))
    .catch(() => new Map<string, Member>());
  try {
    const [post, accounts] = await Promise.all([
      ok(
        client.GET("/workspaces/{workspaceId}/posts/{postId}", {
          params: { path: { workspaceId: context.workspaceId, postId } },
        }),
      ).then((r) => r.data),
      ok(
        client.GET("/workspaces/{workspaceId}/accounts", {
          params: { path: { workspaceId: context.workspaceId } },
        }),
      ).then((r) => accountsById(r.data.items)),
    ]);
    showContent(state);
    render(context, post, accounts, await members);
  } catch (error) {
    showError(state, error, () => location.reload());
  }
});

function render(
  context: AppContext,
  post: Post,
  accounts: Map<string, Account>,
  members: Map<string, Member>,
): void {
  const zone = context.workspace.timeZone;
  const reload = async (message?: string) => {
    if (message) notify(message);
    const { data } = await ok(
      client.GET("/workspaces/{workspaceId}/posts/{postId}", {
        params: { path: { workspaceId: context.workspaceId, postId: post.id } },
      }),
    );
    render(context, data, accounts, members);
  };
  const networks = [...new Set(post.targets.map((t) => networkName(t.network)))];
  byId("post-title").replaceChildren(
    `Post to ${networks.join(", ") || "no accounts"} `,
    statusBadge(post.status),
  );
  document.title = `Post to ${networks.join(", ")} · Cadence`;
  const author = members.get(post.authorId)?.name;
  byId("post-lead").replaceChildren(
    author ? `${author} wrote it · ` : "",
    "created ",
    timeElement(post.createdAt, zone),
  );
  renderActions(context, post, reload);
  renderApproval(context, post, reload);
  renderTargets(context, post, accounts, reload);
  void renderContent(context, post);
  byId("post-body").hidden = false;
  void renderHistory(context, post, members);
  if (post.targets.some((t) => t.state === "published")) {
    void renderPostFigures(
      context.workspaceId,
      post.id,
      byId("figures-card"),
      byId("post-figures"),
    );
  }
}

function renderActions(context: AppContext, post: Post, reload: (m?: string) => Promise<void>) {
  const bar = byId("post-actions");
  if (!can.write(context.role)) {
    bar.replaceChildren();
    return;
  }
  const onPost = { params: { path: { workspaceId: context.workspaceId, postId: post.id } } };
  const run = (label: string, work: () => Promise<unknown>, message: string) =>
    h(
      "button",
      {
        type: "button",
        class: "btn btn-secondary",
        onclick: async (event: Event) => {
          const button = event.currentTarget as HTMLButtonElement;
          button.setAttribute("aria-busy", "true");
          try {
            await work();
            await reload(message);
          } catch (error) {
            notify(messageOf(error));
          } finally {
            button.removeAttribute("aria-busy");
          }
        },
      },
      label,
    );
  const waiting = post.targets.some(
    (t) => t.state === "scheduled" || t.state === "pending_approval",
  );
  const open = post.targets.some((t) =>
    ["draft", "pending_approval", "scheduled", "failed"].includes(t.state),
  );
  const actions: (HTMLElement | null)[] = [
    editable(post) ? h("a", { class: "btn btn-primary", href: editUrl(post.id) }, "Edit") : null,
    post.paused
      ? run(
          "Resume",
          () =>
            ok(
              client.POST("/workspaces/{workspaceId}/posts/{postId}/resume", {
                ...onPost,
                body: {},
              }),
            ),
          "Resumed: it goes out as scheduled.",
        )
      : waiting
        ? run(
            "Pause",
            () =>
              ok(
                client.POST("/workspaces/{workspaceId}/posts/{postId}/pause", {
                  ...onPost,
                  body: {},
                }),
              ),
            "Paused: nothing goes out until you resume it.",
          )
        : null,
    h(
      "button",
      {
        type: "button",
        class: "btn btn-secondary",
        onclick: async () => {
          try {
            const { data } = await ok(
              client.POST("/workspaces/{workspaceId}/posts/{postId}/duplicate", onPost),
            );
            setFlash("Copied into a new draft.");
            location.assign(editUrl(data.id));
          } catch (error) {
            notify(messageOf(error));
          }
        },
      },
      "Duplicate",
    ),
    open
      ? h(
          "button",
          {
            type: "button",
            class: "btn btn-danger-quiet",
            onclick: () =>
              void confirmAction({
                title: "Cancel this post?",
                message:
                  "Nothing more of it goes out. What was already published stays on the networks.",
                confirmLabel: "Cancel post",
                action: async () => {
                  await ok(
                    client.POST("/workspaces/{workspaceId}/posts/{postId}/cancel", {
                      ...onPost,
                      body: {},
                    }),
                  );
                },
              }).then((confirmed) => {
                if (confirmed) void reload("Canceled.");
              }),
          },
          "Cancel post",
        )
      : null,
    post.targets.some((t) => t.state === "publishing")
      ? null
      : h(
          "button",
          {
            type: "button",
            class: "btn btn-danger-quiet",
            onclick: () =>
              void confirmAction({
                title: "Delete this post?",
                message:
                  "It leaves Cadence for good. What was already published stays on the networks.",
                confirmLabel: "Delete post",
                action: async () => {
                  await ok(client.DELETE("/workspaces/{workspaceId}/posts/{postId}", onPost));
                },
              }).then((confirmed) => {
                if (!confirmed) return;
                setFlash("Deleted the post.");
                location.assign("/app/calendar");
              }),
          },
          "Delete",
        ),
  ];
  bar.replaceChildren(...actions.filter((action): action is HTMLElement => action !== null));
}

function renderApproval(context: AppContext, post: Post, reload: (m?: string) => Promise<void>) {
  const slot = byId("post-approval");
  if (post.approval === "pending") {
    const decide = can.approve(context.role)
      ? h(
          "div",
          { class: "form-actions" },
          h(
            "button",
            {
              type: "button",
              class: "btn btn-primary btn-small",
              onclick: async () => {
                try {
                  await approve(context.workspaceId, post);
                  await reload("Approved: it goes out as scheduled.");
                } catch (error) {
                  notify(messageOf(error));
                }
              },
            },
            "Approve",
          ),
          h(
            "button",
            {
              type: "button",
              class: "btn btn-secondary btn-small",
              onclick: () =>
                void reject(context.workspaceId, post).then((sent) => {
                  if (sent) void reload("Sent back to the author with your comment.");
                }),
            },
            "Send back…",
          ),
        )
      : null;
    slot.replaceChildren(
      h(
        "div",
        { class: "alert alert-warning banner", role: "status" },
        h(
          "p",
          null,
          h("strong", null, "Waiting for approval. "),
          "An owner or admin approves it before it goes out.",
        ),
        decide,
      ),
    );
    return;
  }
  if (post.approval === "rejected") {
    slot.replaceChildren(
      h(
        "div",
        { class: "alert alert-warning banner", role: "status" },
        h(
          "p",
          null,
          h("strong", null, "Changes requested: "),
          h("span", { "data-approval-comment": true }, post.approvalComment ?? ""),
        ),
        editable(post) && can.write(context.role)
          ? h(
              "a",
              { class: "btn btn-secondary btn-small", href: editUrl(post.id) },
              "Edit and resubmit",
            )
          : null,
      ),
    );
    return;
  }
  slot.replaceChildren();
}

function renderTargets(
  context: AppContext,
  post: Post,
  accounts: Map<string, Account>,
  reload: (m?: string) => Promise<void>,
) {
  byId("targets-note").replaceChildren(...describeSchedule(post, context.workspace.timeZone));
  byId("post-targets").replaceChildren(
    ...post.targets.map((target) =>
      targetRow(context, post, target, accounts.get(target.accountId), reload),
    ),
  );
}

async function renderHistory(
  context: AppContext,
  post: Post,
  members: Map<string, Member>,
): Promise<void> {
  byId("history-card").hidden = false;
  const panel = byId("post-history");
  if (!panel.hasChildNodes()) showLoading(panel, "Loading the history…");
  try {
    const { data } = await ok(
      client.GET("/workspaces/{workspaceId}/activity", {
        params: {
          path: { workspaceId: context.workspaceId },
          query: { subjectId: post.id, limit: 50 },
        },
      }),
    );
    if (data.items.length === 0) {
      showContent(panel, emptyState({ title: "No history yet" }));
      return;
    }
    showContent(
      panel,
      h(
        "ul",
        { class: "rows" },
        data.items.map((entry) => activityRow(entry, members, context.workspace.timeZone)),
      ),
    );
  } catch (error) {
    showError(panel, error, () => void renderHistory(context, post, members));
  }
}
