import { client, ok } from "../lib/api.ts";
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
import { approve, describeSchedule, reject } from "../lib/post-actions.ts";
import { type Account, accountName, accountsById, can, type Post, postUrl } from "../lib/posts.ts";
import { richText } from "../lib/richtext.ts";
import { type AppContext, mountApp } from "../lib/shell.ts";
import { timeElement } from "../lib/time.ts";

const panel = byId("approvals");

mountApp(async (context) => {
  if (!can.approve(context.role)) {
    showContent(
      panel,
      h(
        "div",
        { class: "card" },
        emptyState({
          title: "Owners and admins approve posts",
          text: "What you send for approval waits here for them; you see its state on the post itself.",
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
  await load(context);
});

async function load(context: AppContext): Promise<void> {
  showLoading(panel, "Loading posts waiting for approval…");
  try {
    const [posts, accounts, members] = await Promise.all([
      ok(
        client.GET("/workspaces/{workspaceId}/approvals", {
          params: { path: { workspaceId: context.workspaceId } },
        }),
      ).then((r) => r.data.items),
      ok(
        client.GET("/workspaces/{workspaceId}/accounts", {
          params: { path: { workspaceId: context.workspaceId } },
        }),
      ).then((r) => accountsById(r.data.items)),
      ok(
        client.GET("/workspaces/{workspaceId}/members", {
          params: { path: { workspaceId: context.workspaceId } },
        }),
      )
        .then((r) => new Map(r.data.items.map((m) => [m.userId, m.name])))
        .catch(() => new Map<string, string>()),
    ]);
    if (posts.length === 0) return showEmpty();
    posts.sort((a, b) => a.updatedAt.localeCompare(b.updatedAt));
    showContent(
      panel,
      h(
        "ul",
        { class: "approval-list" },
        posts.map((post) => card(context, post, accounts, members)),
      ),
    );
  } catch (error) {
    showError(panel, error, () => void load(context));
  }
}

function showEmpty(): void {
  showContent(
    panel,
    h(
      "div",
      { class: "card" },
      emptyState({
        title: "Nothing is waiting",
        text: "When an editor sends a post for approval, it shows up here.",
      }),
    ),
  );
}

function card(
  context: AppContext,
  post: Post,
  accounts: Map<string, Account>,
  members: Map<string, string>,
): HTMLLIElement {
  const zone = context.workspace.timeZone;
  const problem = h("p", { class: "alert alert-error", role: "alert", hidden: true });
  const item: HTMLLIElement = h(
    "li",
    { class: "card approval", "data-approval": post.id },
    h(
      "div",
      { class: "card-header" },
      h("h2", null, `From ${members.get(post.authorId) ?? "a former member"}`),
      h("p", null, "Last changed ", timeElement(post.updatedAt, zone)),
    ),
    h(
      "p",
      { class: "post-text" },
      post.text ? richText(post.text) : h("span", { class: "muted" }, "No main text."),
    ),
    post.mediaIds.length
      ? h(
          "p",
          { class: "muted" },
          `${post.mediaIds.length} media item${post.mediaIds.length === 1 ? "" : "s"} attached`,
        )
      : null,
    h(
      "ul",
      { class: "approval-targets" },
      post.targets.map((target) =>
        h(
          "li",
          null,
          h("span", { class: `net-dot net-${target.network}`, "aria-hidden": "true" }),
          h("strong", null, networkName(target.network)),
          ` · ${accountName(accounts.get(target.accountId))}`,
          target.overrides.text !== undefined
            ? h("p", { class: "post-text override-text" }, richText(target.overrides.text))
            : null,
        ),
      ),
    ),
    h("p", { class: "muted" }, ...describeSchedule(post, zone)),
    problem,
    h(
      "div",
      { class: "form-actions" },
      h(
        "button",
        {
          type: "button",
          class: "btn btn-primary",
          onclick: async (event: Event) => {
            const button = event.currentTarget as HTMLButtonElement;
            button.setAttribute("aria-busy", "true");
            try {
              await approve(context.workspaceId, post);
              remove(item, "Approved: it goes out as scheduled.");
            } catch (error) {
              problem.textContent = messageOf(error);
              problem.hidden = false;
              button.removeAttribute("aria-busy");
            }
          },
        },
        "Approve",
      ),
      h(
        "button",
        {
          type: "button",
          class: "btn btn-secondary",
          onclick: () =>
            void reject(context.workspaceId, post).then((sent) => {
              if (sent) remove(item, "Sent back to the author with your comment.");
            }),
        },
        "Send back…",
      ),
      h("a", { class: "btn btn-ghost", href: postUrl(post.id) }, "Open the post"),
    ),
  );
  return item;
}

/** The decided post leaves the list; focus goes to the next one's first button. */
function remove(item: HTMLElement, message: string): void {
  const next = (item.nextElementSibling ?? item.previousElementSibling) as HTMLElement | null;
  item.remove();
  notify(message);
  if (next) next.querySelector<HTMLElement>("button")?.focus();
  else showEmpty();
}
