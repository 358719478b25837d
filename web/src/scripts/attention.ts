import { client, ok, type Query } from "../lib/api.ts";
import {
  byId,
  emptyState,
  h,
  initials,
  messageOf,
  notify,
  showContent,
  showError,
  showLoading,
} from "../lib/dom.ts";
import { networkName } from "../lib/networks.ts";
import { retryNow, whatToDo } from "../lib/post-actions.ts";
import {
  type Account,
  accountName,
  accountsById,
  type CalendarEntry,
  can,
  excerpt,
  type Post,
  postUrl,
  stateBadge,
} from "../lib/posts.ts";
import { type AppContext, mountApp } from "../lib/shell.ts";
import { timeElement } from "../lib/time.ts";

/** The calendar answers up to 62 days at a time: the last 60 days, and the rest of today. */
const lookbackDays = 60;

mountApp(async (context) => {
  showLoading(byId("failed"));
  showLoading(byId("needs-review"));
  const accounts = await ok(
    client.GET("/workspaces/{workspaceId}/accounts", {
      params: { path: { workspaceId: context.workspaceId } },
    }),
  )
    .then((r) => accountsById(r.data.items))
    .catch(() => new Map<string, Account>());
  await Promise.all([
    section(context, accounts, "failed", byId("failed"), {
      title: "Nothing failed",
      text: "Posts that a network refuses show up here with the reason.",
    }),
    section(context, accounts, "needs_review", byId("needs-review"), {
      title: "Nothing to review",
      text: "When Cadence cannot tell whether a post went out, it asks you here instead of posting twice.",
    }),
  ]);
  if (can.approve(context.role)) await deadLetters(context);
});

/** Owners and admins see publish messages that ended in the DLQ, and send them again. */
async function deadLetters(context: AppContext): Promise<void> {
  const card = byId("dead-letters-card");
  const panel = byId("dead-letters");
  card.hidden = false;
  showLoading(panel);
  try {
    const { data } = await ok(
      client.GET("/workspaces/{workspaceId}/dead-letters", {
        params: { path: { workspaceId: context.workspaceId } },
      }),
    );
    if (data.items.length === 0) {
      showContent(
        panel,
        emptyState({
          title: "Nothing stuck",
          text: "Every post due so far was handed over for publishing.",
        }),
      );
      return;
    }
    showContent(
      panel,
      h(
        "ul",
        { class: "rows" },
        ...data.items.map((item) =>
          h(
            "li",
            { class: "row" },
            h(
              "div",
              { class: "row-main" },
              h("p", null, item.reason),
              h(
                "p",
                { class: "muted" },
                timeElement(item.receivedAt, context.workspace.timeZone),
                item.lastErrorAt ? " · last failed " : "",
                item.lastErrorAt ? timeElement(item.lastErrorAt, context.workspace.timeZone) : "",
                item.receiveCount > 0
                  ? ` · ${item.receiveCount} attempt${item.receiveCount === 1 ? "" : "s"}`
                  : "",
                item.postId ? " · " : "",
                item.postId ? h("a", { href: postUrl(item.postId) }, "Open the post") : "",
              ),
            ),
            h(
              "button",
              {
                type: "button",
                class: "btn btn-secondary btn-small",
                onclick: async (event: Event) => {
                  const button = event.currentTarget as HTMLButtonElement;
                  button.setAttribute("aria-busy", "true");
                  try {
                    await ok(
                      client.POST("/workspaces/{workspaceId}/dead-letters/{deadLetterId}/redrive", {
                        params: {
                          path: { workspaceId: context.workspaceId, deadLetterId: item.id },
                        },
                      }),
                    );
                    notify("Handed over for publishing again.");
                    await deadLetters(context);
                  } catch (error) {
                    notify(messageOf(error));
                    button.removeAttribute("aria-busy");
                  }
                },
              },
              "Try again",
            ),
          ),
        ),
      ),
    );
  } catch (error) {
    showError(panel, error, () => void deadLetters(context));
  }
}

async function section(
  context: AppContext,
  accounts: Map<string, Account>,
  state: "failed" | "needs_review",
  panel: HTMLElement,
  empty: { title: string; text: string },
): Promise<void> {
  showLoading(panel);
  try {
    const to = new Date(Date.now() + 86_400_000);
    const from = new Date(to.getTime() - (lookbackDays + 1) * 86_400_000);
    const entries: CalendarEntry[] = [];
    let cursor: string | null | undefined = null;
    do {
      const query: Query<"listCalendar"> = {
        from: from.toISOString(),
        to: to.toISOString(),
        state,
        limit: 500,
        ...(cursor ? { cursor } : {}),
      };
      const { data } = await ok(
        client.GET("/workspaces/{workspaceId}/calendar", {
          params: { path: { workspaceId: context.workspaceId }, query },
        }),
      );
      entries.push(...data.items);
      cursor = data.cursor;
    } while (cursor);
    if (entries.length === 0) {
      showContent(panel, emptyState(empty));
      return;
    }
    entries.sort((a, b) => b.dueAt.localeCompare(a.dueAt));
    // Each post once, for its error messages and its version (retrying needs it).
    const posts = new Map<string, Post>();
    await Promise.all(
      [...new Set(entries.map((e) => e.postId))].map((id) =>
        ok(
          client.GET("/workspaces/{workspaceId}/posts/{postId}", {
            params: { path: { workspaceId: context.workspaceId, postId: id } },
          }),
        ).then(
          (r) => void posts.set(id, r.data),
          () => undefined,
        ),
      ),
    );
    showContent(
      panel,
      h(
        "ul",
        { class: "rows" },
        entries.map((entry) =>
          row(
            context,
            entry,
            posts.get(entry.postId),
            accounts,
            () => void section(context, accounts, state, panel, empty),
          ),
        ),
      ),
    );
  } catch (error) {
    showError(panel, error, () => void section(context, accounts, state, panel, empty));
  }
}

function row(
  context: AppContext,
  entry: CalendarEntry,
  post: Post | undefined,
  accounts: Map<string, Account>,
  reload: () => void,
): HTMLLIElement {
  const target = post?.targets.find((t) => t.id === entry.targetId);
  const account = accounts.get(entry.accountId);
  return h(
    "li",
    { class: "row", "data-attention": entry.targetId },
    h(
      "div",
      { class: "row-main" },
      h(
        "span",
        { class: `avatar net-ring net-${entry.network}`, "aria-hidden": "true" },
        initials(accountName(account).replace(/[@(]/g, "")),
      ),
      h(
        "div",
        { class: "row-text" },
        h(
          "p",
          { class: "row-title" },
          h("a", { href: postUrl(entry.postId) }, excerpt(entry.text, 90)),
        ),
        h(
          "p",
          { class: "row-sub" },
          `${networkName(entry.network)} · ${accountName(account)} · due `,
          timeElement(entry.dueAt, entry.timeZone ?? context.workspace.timeZone),
        ),
        target ? h("p", { class: "row-reason" }, whatToDo(target, account)) : null,
      ),
    ),
    h(
      "div",
      { class: "row-actions" },
      stateBadge(entry.state),
      can.write(context.role) && post
        ? h(
            "button",
            {
              type: "button",
              class: "btn btn-secondary btn-small",
              "aria-label": `Retry now: ${excerpt(entry.text, 40)} on ${networkName(entry.network)}`,
              onclick: async (event: Event) => {
                const button = event.currentTarget as HTMLButtonElement;
                button.setAttribute("aria-busy", "true");
                try {
                  await retryNow(context.workspaceId, post.id, entry.targetId);
                  notify("Retrying now.");
                  reload();
                } catch (error) {
                  notify(messageOf(error));
                  button.removeAttribute("aria-busy");
                }
              },
            },
            "Retry now",
          )
        : null,
    ),
  );
}
