import { client, ok, type Schema } from "../lib/api.ts";
import { setUnread } from "../lib/bell.ts";
import { byId, emptyState, h, notify, showContent, showError, showLoading } from "../lib/dom.ts";
import { type AppContext, mountApp } from "../lib/shell.ts";
import { timeElement } from "../lib/time.ts";

type Notice = Schema<"Notification">;

let unreadOnly = false;
let cursor: string | null = null;
let shown: Notice[] = [];

mountApp(async (context) => {
  const all = byId<HTMLButtonElement>("show-all");
  const unread = byId<HTMLButtonElement>("show-unread");
  const pick = (onlyUnread: boolean) => {
    unreadOnly = onlyUnread;
    all.setAttribute("aria-pressed", String(!onlyUnread));
    unread.setAttribute("aria-pressed", String(onlyUnread));
    void load(context, true);
  };
  all.addEventListener("click", () => pick(false));
  unread.addEventListener("click", () => pick(true));
  byId("more").addEventListener("click", () => void load(context, false));
  byId("mark-all").addEventListener("click", async () => {
    const { data } = await ok(
      client.POST("/workspaces/{workspaceId}/notifications/read-all", {
        params: { path: { workspaceId: context.workspaceId } },
      }),
    );
    notify(data.marked === 1 ? "Marked 1 notification read." : `Marked ${data.marked} read.`);
    await load(context, true);
  });
  await load(context, true);
});

async function load(context: AppContext, fresh: boolean): Promise<void> {
  const panel = byId("notifications");
  if (fresh) {
    cursor = null;
    shown = [];
    showLoading(panel, "Loading notifications…");
  }
  try {
    const { data } = await ok(
      client.GET("/workspaces/{workspaceId}/notifications", {
        params: {
          path: { workspaceId: context.workspaceId },
          query: { unread: unreadOnly ? "true" : "false", limit: 30, cursor: cursor ?? undefined },
        },
      }),
    );
    shown = [...shown, ...data.items];
    cursor = data.cursor;
    setUnread(data.unread);
    byId("more").hidden = !cursor;
    if (shown.length === 0) {
      showContent(
        panel,
        emptyState({
          title: unreadOnly ? "Nothing unread" : "No notifications yet",
          text: "When a post is published or fails, waits for approval, or an account needs you, it shows here.",
        }),
      );
      return;
    }
    showContent(
      panel,
      h(
        "ul",
        { class: "rows" },
        shown.map((n) => row(n, context)),
      ),
    );
  } catch (error) {
    showError(panel, error, () => void load(context, true));
  }
}

/** Opening a notice's link or fix marks it read first, so the bell is right on the next page. */
function row(notice: Notice, context: AppContext): HTMLLIElement {
  const markRead = async () => {
    if (notice.read) return;
    await ok(
      client.POST("/workspaces/{workspaceId}/notifications/{notificationId}/read", {
        params: { path: { workspaceId: context.workspaceId, notificationId: notice.id } },
      }),
    ).catch(() => undefined);
  };
  const follow = (href: string) => async (event: Event) => {
    event.preventDefault();
    await markRead();
    location.href = href;
  };
  return h(
    "li",
    { class: `row${notice.read ? "" : " row-unread"}`, "data-notification": notice.type },
    h(
      "div",
      { class: "row-main" },
      h(
        "div",
        { class: "row-text" },
        h(
          "p",
          { class: "row-title" },
          notice.read ? null : h("span", { class: "badge badge-accent" }, "New"),
          " ",
          h("a", { href: notice.link, onclick: follow(notice.link) }, notice.title),
        ),
        h(
          "p",
          { class: "row-sub" },
          notice.body,
          " · ",
          timeElement(notice.occurredAt, context.workspace.timeZone),
        ),
      ),
    ),
    h(
      "div",
      { class: "row-actions" },
      notice.fix
        ? h(
            "a",
            {
              class: "btn btn-secondary btn-small",
              href: notice.fix.link,
              onclick: follow(notice.fix.link),
            },
            notice.fix.label,
          )
        : null,
      notice.read
        ? null
        : h(
            "button",
            {
              type: "button",
              class: "btn btn-ghost btn-small",
              "aria-label": `Mark “${notice.title}” read`,
              onclick: async () => {
                await markRead();
                await load(context, true);
              },
            },
            "Mark read",
          ),
    ),
  );
}
