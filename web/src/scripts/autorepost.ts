import { client, ok, type Schema } from "../lib/api.ts";
import { accountChoices, checkedValues, manageActions, modeLabels } from "../lib/automation.ts";
import { targetTable } from "../lib/automation-table.ts";
import { byId, emptyState, h, notify, showContent, showError, showLoading } from "../lib/dom.ts";
import { bindForm } from "../lib/forms.ts";
import { type Account, accountName, accountsById, postUrl } from "../lib/posts.ts";
import { can } from "../lib/roles.ts";
import { type AppContext, mountApp } from "../lib/shell.ts";
import { timeElement } from "../lib/time.ts";

type Rule = Schema<"AutorepostRule">;

let editing: Rule | undefined;
let accounts: Account[] = [];
/** Networks whose accounts can be a source (the API refuses others with a clear reason). */
let sourceNetworks: string[] = [];

mountApp(async (context) => {
  const path = { workspaceId: context.workspaceId };
  const [accountList, networkList] = await Promise.all([
    ok(client.GET("/workspaces/{workspaceId}/accounts", { params: { path } })),
    ok(client.GET("/networks")),
  ]);
  accounts = accountList.data.items;
  sourceNetworks = networkList.data.items
    .filter((n) => n.capabilities.autorepostSource)
    .map((n) => n.id);
  if (can.manageApiKeys(context.role)) {
    byId("rule-form-card").hidden = false;
    wireForm(context);
  }
  await loadRules(context);
});

const tags = (value: string | undefined) =>
  (value ?? "")
    .split(/[,\s]+/)
    .map((tag) => tag.replace(/^#/, "").trim())
    .filter(Boolean);

function fillSources(selected?: string): void {
  const select = byId<HTMLSelectElement>("rule-source");
  const sources = accounts.filter((a) => sourceNetworks.includes(a.network));
  select.replaceChildren(
    ...(sources.length
      ? sources.map((a) =>
          h(
            "option",
            { value: a.id, selected: a.id === selected },
            `${accountName(a)} — ${a.network}`,
          ),
        )
      : [h("option", { value: "" }, "No account that Cadence can read posts from")]),
  );
}

function resetForm(): void {
  editing = undefined;
  byId<HTMLFormElement>("rule-form").reset();
  fillSources();
  byId("rule-targets").replaceChildren(...accountChoices(accounts, "targets"));
  byId("rule-form-title").textContent = "Add a rule";
  byId("rule-submit").textContent = "Add rule";
  byId("rule-cancel").hidden = true;
}

function edit(rule: Rule): void {
  editing = rule;
  const form = byId<HTMLFormElement>("rule-form");
  const field = (name: string) => form.elements.namedItem(name) as HTMLInputElement;
  field("name").value = rule.name;
  fillSources(rule.sourceAccountId);
  byId("rule-targets").replaceChildren(
    ...accountChoices(
      accounts,
      "targets",
      rule.targets.map((t) => t.accountId),
    ),
  );
  field("scheduleMode").value = rule.scheduleMode;
  field("template").value = rule.template;
  field("includeHashtags").value = rule.filters.includeHashtags.join(", ");
  field("excludeHashtags").value = rule.filters.excludeHashtags.join(", ");
  byId("rule-form-title").textContent = `Edit “${rule.name}”`;
  byId("rule-submit").textContent = "Save rule";
  byId("rule-cancel").hidden = false;
  field("name").focus();
}

function wireForm(context: AppContext): void {
  const form = byId<HTMLFormElement>("rule-form");
  resetForm();
  byId("rule-cancel").addEventListener("click", resetForm);
  bindForm(
    form,
    async (values) => {
      // A target the rule already had keeps its own template and options.
      const kept = new Map((editing?.targets ?? []).map((t) => [t.accountId, t]));
      const targets = checkedValues(form, "targets").map((accountId) => {
        const before = kept.get(accountId);
        return {
          accountId,
          overrides: before?.overrides ?? {},
          ...(before?.template ? { template: before.template } : {}),
        };
      });
      const body = {
        name: values.name ?? "",
        sourceAccountId: values.sourceAccountId ?? "",
        targets,
        scheduleMode: (values.scheduleMode ?? "now") as Rule["scheduleMode"],
        template: values.template ?? "",
        filters: {
          ...(editing?.filters ?? { mediaTypes: [] }),
          includeHashtags: tags(values.includeHashtags),
          excludeHashtags: tags(values.excludeHashtags),
        },
      };
      const workspaceId = context.workspaceId;
      if (editing) {
        await ok(
          client.PATCH("/workspaces/{workspaceId}/autorepost-rules/{ruleId}", {
            params: { path: { workspaceId, ruleId: editing.id } },
            body: { ...body, version: editing.version },
          }),
        );
        notify(`Saved “${body.name}”.`);
      } else {
        await ok(
          client.POST("/workspaces/{workspaceId}/autorepost-rules", {
            params: { path: { workspaceId } },
            body: { ...body, enabled: true },
          }),
        );
        notify(`Added “${body.name}”. New posts on the source are reposted from now on.`);
      }
      resetForm();
      await loadRules(context);
    },
    { busyLabel: "Saving…" },
  );
}

async function loadRules(context: AppContext): Promise<void> {
  const panel = byId("rules");
  if (!panel.hasChildNodes()) showLoading(panel, "Loading rules…");
  try {
    const { data } = await ok(
      client.GET("/workspaces/{workspaceId}/autorepost-rules", {
        params: { path: { workspaceId: context.workspaceId } },
      }),
    );
    if (data.items.length === 0) {
      showContent(
        panel,
        emptyState({
          title: "No rules yet",
          text: "Add one above: a new TikTok video can go out as a Reel, a Short and a post on X.",
        }),
      );
      return;
    }
    showContent(
      panel,
      h(
        "ul",
        { class: "rows" },
        data.items.map((r) => ruleRow(r, context)),
      ),
    );
  } catch (error) {
    showError(panel, error, () => void loadRules(context));
  }
}

/** Reposts and skips together, newest first. */
function historyOf(rule: Rule, zone: string): HTMLElement {
  const lines = [
    ...rule.reposted.map((r) => ({
      at: r.at,
      node: [`${r.sourceUrl} — `, h("a", { href: postUrl(r.postId) }, "open the repost")] as (
        | Node
        | string
      )[],
    })),
    ...rule.skipped.map((s) => ({ at: s.at, node: [`${s.sourceUrl} — ${s.reason}`] })),
  ].sort((a, b) => b.at.localeCompare(a.at));
  return h(
    "details",
    null,
    h("summary", null, `Recent runs (${lines.length})`),
    lines.length
      ? h(
          "ul",
          { class: "plain-list" },
          lines.map((line) => h("li", null, timeElement(line.at, zone), " ", ...line.node)),
        )
      : h("p", { class: "hint" }, "Nothing reposted or skipped yet."),
  );
}

function ruleRow(rule: Rule, context: AppContext): HTMLLIElement {
  const path = { workspaceId: context.workspaceId, ruleId: rule.id };
  const zone = context.workspace.timeZone;
  const manage = can.manageApiKeys(context.role);
  return h(
    "li",
    { class: "row", "data-rule": rule.name },
    h(
      "div",
      { class: "row-main" },
      h(
        "div",
        { class: "row-text" },
        h("p", { class: "row-title" }, rule.name),
        h(
          "p",
          { class: "row-sub" },
          `Reposts ${modeLabels[rule.scheduleMode]}. Last read `,
          timeElement(rule.lastCheckedAt, zone),
          ".",
        ),
        rule.lastError
          ? h("p", { class: "row-reason", role: "note" }, `Last error: ${rule.lastError.message}`)
          : null,
        h("div", { class: "table-scroll" }, targetTable(rule, accountsById(accounts))),
        historyOf(rule, zone),
      ),
    ),
    h(
      "div",
      { class: "row-actions" },
      h(
        "span",
        { class: `badge ${rule.enabled ? "badge-success" : ""}` },
        rule.enabled ? "On" : "Paused",
      ),
      manage
        ? manageActions({
            noun: "rule",
            name: rule.name,
            enabled: rule.enabled,
            run: async () => {
              const { data } = await ok(
                client.POST("/workspaces/{workspaceId}/autorepost-rules/{ruleId}/run", {
                  params: { path },
                }),
              );
              return data.error
                ? data.error.message
                : `${data.reposted.length} reposted, ${data.skipped.length} skipped.`;
            },
            edit: () => edit(rule),
            setEnabled: async (enabled) => {
              await ok(
                client.PATCH("/workspaces/{workspaceId}/autorepost-rules/{ruleId}", {
                  params: { path },
                  body: { enabled, version: rule.version },
                }),
              );
            },
            toggled: { paused: "Paused: the source is not read.", resumed: "On again, from now." },
            remove: async () => {
              await ok(
                client.DELETE("/workspaces/{workspaceId}/autorepost-rules/{ruleId}", {
                  params: { path },
                }),
              );
            },
            removeMessage: "Cadence stops reposting. Reposts it made stay as they are.",
            reload: () => loadRules(context),
          })
        : null,
    ),
  );
}
