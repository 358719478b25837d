import { client, ok, type Schema } from "../lib/api.ts";
import { accountChoices, checkedValues, manageActions, modeLabels } from "../lib/automation.ts";
import { byId, emptyState, h, notify, showContent, showError, showLoading } from "../lib/dom.ts";
import { bindForm } from "../lib/forms.ts";
import { type Account, accountName, accountsById, postUrl } from "../lib/posts.ts";
import { can } from "../lib/roles.ts";
import { type AppContext, mountApp } from "../lib/shell.ts";
import { timeElement } from "../lib/time.ts";

type Feed = Schema<"Feed">;

/** The feed the form edits; none: the form adds one. */
let editing: Feed | undefined;
let accounts: Account[] = [];

mountApp(async (context) => {
  const path = { workspaceId: context.workspaceId };
  accounts = (await ok(client.GET("/workspaces/{workspaceId}/accounts", { params: { path } }))).data
    .items;
  if (can.manageApiKeys(context.role)) {
    byId("feed-form-card").hidden = false;
    wireForm(context);
  }
  await loadFeeds(context);
});

function resetForm(): void {
  editing = undefined;
  const form = byId<HTMLFormElement>("feed-form");
  form.reset();
  byId("feed-accounts").replaceChildren(...accountChoices(accounts, "accountIds"));
  byId("feed-form-title").textContent = "Add a feed";
  byId("feed-submit").textContent = "Add feed";
  byId("feed-cancel").hidden = true;
}

function edit(feed: Feed): void {
  editing = feed;
  const form = byId<HTMLFormElement>("feed-form");
  const field = (name: string) => form.elements.namedItem(name) as HTMLInputElement;
  field("name").value = feed.name;
  field("url").value = feed.url;
  field("scheduleMode").value = feed.scheduleMode;
  field("template").value = feed.template;
  field("includeImage").checked = feed.includeImage;
  byId("feed-accounts").replaceChildren(...accountChoices(accounts, "accountIds", feed.accountIds));
  byId("feed-form-title").textContent = `Edit “${feed.name}”`;
  byId("feed-submit").textContent = "Save feed";
  byId("feed-cancel").hidden = false;
  field("name").focus();
}

function wireForm(context: AppContext): void {
  const form = byId<HTMLFormElement>("feed-form");
  resetForm();
  byId("feed-cancel").addEventListener("click", resetForm);
  bindForm(
    form,
    async (values) => {
      const body = {
        name: values.name ?? "",
        url: values.url ?? "",
        accountIds: checkedValues(form, "accountIds"),
        scheduleMode: (values.scheduleMode ?? "queue") as Feed["scheduleMode"],
        template: values.template ?? "",
        includeImage: values.includeImage === "on",
      };
      if (editing) {
        await ok(
          client.PATCH("/workspaces/{workspaceId}/feeds/{feedId}", {
            params: { path: { workspaceId: context.workspaceId, feedId: editing.id } },
            body: { ...body, version: editing.version },
          }),
        );
        notify(`Saved “${body.name}”.`);
      } else {
        const { data } = await ok(
          client.POST("/workspaces/{workspaceId}/feeds", {
            params: { path: { workspaceId: context.workspaceId } },
            body: { ...body, backfill: 1, enabled: true },
          }),
        );
        notify(`Added “${data.name}”. Its newest entry is posted at the first fetch.`);
      }
      resetForm();
      await loadFeeds(context);
    },
    { busyLabel: "Checking the feed…" },
  );
}

async function loadFeeds(context: AppContext): Promise<void> {
  const panel = byId("feeds");
  if (!panel.hasChildNodes()) showLoading(panel, "Loading feeds…");
  try {
    const { data } = await ok(
      client.GET("/workspaces/{workspaceId}/feeds", {
        params: { path: { workspaceId: context.workspaceId } },
      }),
    );
    if (data.items.length === 0) {
      showContent(
        panel,
        emptyState({
          title: "No feeds yet",
          text: "Add your blog's or a news site's feed and its new entries become posts.",
        }),
      );
      return;
    }
    showContent(
      panel,
      h(
        "ul",
        { class: "rows" },
        data.items.map((f) => feedRow(f, context)),
      ),
    );
  } catch (error) {
    showError(panel, error, () => void loadFeeds(context));
  }
}

function feedRow(feed: Feed, context: AppContext): HTMLLIElement {
  const path = { workspaceId: context.workspaceId, feedId: feed.id };
  const zone = context.workspace.timeZone;
  const byAccount = accountsById(accounts);
  const manage = can.manageApiKeys(context.role);
  const status = feed.enabled ? "On" : feed.pausedReason ? "Paused: kept failing" : "Paused";
  const history = [...feed.history].reverse();
  return h(
    "li",
    { class: "row", "data-feed": feed.name },
    h(
      "div",
      { class: "row-main" },
      h(
        "div",
        { class: "row-text" },
        h("p", { class: "row-title" }, feed.name, feed.title ? ` — ${feed.title}` : ""),
        h("p", { class: "row-sub" }, feed.url),
        h(
          "p",
          { class: "row-sub" },
          `To ${feed.accountIds.map((id) => accountName(byAccount.get(id))).join(", ")}, ${modeLabels[feed.scheduleMode]}. `,
          feed.lastFetchedAt
            ? [
                "Last fetched ",
                timeElement(feed.lastFetchedAt, zone),
                feed.lastOutcome === "not_modified" ? " (unchanged)." : ".",
              ]
            : "Not fetched yet.",
        ),
        feed.lastError
          ? h("p", { class: "row-reason", role: "note" }, `Last error: ${feed.lastError.message}`)
          : null,
        feed.pausedReason ? h("p", { class: "row-reason" }, feed.pausedReason) : null,
        h(
          "details",
          null,
          h("summary", null, `Recent entries (${history.length})`),
          history.length
            ? h(
                "ul",
                { class: "plain-list" },
                history.map((entry) =>
                  h(
                    "li",
                    null,
                    timeElement(entry.at, zone),
                    " ",
                    entry.title || entry.link || entry.entryId,
                    " — ",
                    entry.postId
                      ? h("a", { href: postUrl(entry.postId) }, "open the post")
                      : `not posted: ${entry.reason ?? "no reason given"}`,
                  ),
                ),
              )
            : h("p", { class: "hint" }, "Nothing handled yet."),
        ),
      ),
    ),
    h(
      "div",
      { class: "row-actions" },
      h("span", { class: `badge ${feed.enabled ? "badge-success" : ""}` }, status),
      manage
        ? manageActions({
            noun: "feed",
            name: feed.name,
            enabled: feed.enabled,
            run: async () => {
              const { data } = await ok(
                client.POST("/workspaces/{workspaceId}/feeds/{feedId}/run", { params: { path } }),
              );
              if (data.error) return data.error.message;
              if (data.outcome === "not_modified")
                return "The feed has not changed since the last fetch.";
              return `${data.posted.length} new post${data.posted.length === 1 ? "" : "s"} from the feed.`;
            },
            edit: () => edit(feed),
            setEnabled: async (enabled) => {
              await ok(
                client.PATCH("/workspaces/{workspaceId}/feeds/{feedId}", {
                  params: { path },
                  body: { enabled, version: feed.version },
                }),
              );
            },
            toggled: {
              paused: "Paused: the feed is not read.",
              resumed: "The feed is read again.",
            },
            remove: async () => {
              await ok(
                client.DELETE("/workspaces/{workspaceId}/feeds/{feedId}", { params: { path } }),
              );
            },
            removeMessage: "Cadence stops reading it. Posts it made stay as they are.",
            reload: () => loadFeeds(context),
          })
        : null,
    ),
  );
}
