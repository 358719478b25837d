import { client, ok, type Schema } from "../lib/api.ts";
import { confirmAction } from "../lib/dialog.ts";
import { byId, emptyState, h, notify, showContent, showError, showLoading } from "../lib/dom.ts";
import { bindForm } from "../lib/forms.ts";
import { can, roleLabels } from "../lib/roles.ts";
import { type AppContext, mountApp } from "../lib/shell.ts";
import { timeElement } from "../lib/time.ts";
import type { ApiKey } from "../lib/types.ts";

mountApp(async (context) => {
  if (!can.manageApiKeys(context.role)) {
    showContent(
      byId("keys-denied"),
      h(
        "div",
        { class: "card" },
        emptyState({
          title: "Owners and admins manage API keys",
          text: "Ask one of them for a key if a tool of yours needs to use this workspace.",
          action: h("a", { class: "btn btn-secondary", href: "/app/team" }, "See who they are"),
        }),
      ),
    );
    byId("keys-denied").hidden = false;
    return;
  }
  byId("create-key-card").hidden = false;
  byId("keys-card").hidden = false;
  wireCreate(context);
  await loadKeys(context);
});

function wireCreate(context: AppContext): void {
  const form = byId<HTMLFormElement>("create-key-form");
  const select = byId<HTMLSelectElement>("key-role");
  const choices = can.keyRoles(context.role);
  select.replaceChildren(
    ...choices.map((role) =>
      h("option", { value: role, selected: role === "editor" }, roleLabels[role]),
    ),
  );
  const reveal = byId("new-key");
  const secret = byId("new-key-secret");
  bindForm(
    form,
    async (values) => {
      const { data } = await ok(
        client.POST("/workspaces/{workspaceId}/api-keys", {
          params: { path: { workspaceId: context.workspaceId } },
          body: { name: values.name ?? "", role: values.role as Schema<"ApiKeyCreate">["role"] },
        }),
      );
      (form.elements.namedItem("name") as HTMLInputElement).value = "";
      byId("new-key-title").textContent = `Your new key “${data.name}”`;
      secret.textContent = data.key;
      reveal.hidden = false;
      reveal.focus();
      await loadKeys(context);
    },
    { busyLabel: "Creating…" },
  );
  byId("copy-key").addEventListener("click", async () => {
    try {
      await navigator.clipboard.writeText(secret.textContent ?? "");
      notify("Key copied to the clipboard.");
    } catch {
      // No clipboard permission: select the key so the person can copy it themselves.
      getSelection()?.selectAllChildren(secret);
      notify("Press Ctrl+C (⌘C on a Mac) to copy the selected key.");
    }
  });
  byId("dismiss-key").addEventListener("click", () => {
    // The secret leaves the page for good.
    secret.textContent = "";
    reveal.hidden = true;
    (form.elements.namedItem("name") as HTMLInputElement).focus();
  });
}

async function loadKeys(context: AppContext): Promise<void> {
  const panel = byId("keys");
  if (!panel.hasChildNodes()) showLoading(panel, "Loading keys…");
  try {
    const [keys, members] = await Promise.all([
      ok(
        client.GET("/workspaces/{workspaceId}/api-keys", {
          params: { path: { workspaceId: context.workspaceId } },
        }),
      ),
      ok(
        client.GET("/workspaces/{workspaceId}/members", {
          params: { path: { workspaceId: context.workspaceId } },
        }),
      ),
    ]);
    if (keys.data.items.length === 0) {
      showContent(
        panel,
        emptyState({
          title: "No API keys yet",
          text: "Create one above for each tool, so you can revoke one without breaking the others.",
        }),
      );
      return;
    }
    const names = new Map(members.data.items.map((m) => [m.userId, m.name]));
    showContent(
      panel,
      h(
        "ul",
        { class: "rows" },
        keys.data.items.map((key) => keyRow(key, names, context)),
      ),
    );
  } catch (error) {
    showError(panel, error, () => void loadKeys(context));
  }
}

function keyRow(key: ApiKey, names: Map<string, string>, context: AppContext): HTMLLIElement {
  const zone = context.workspace.timeZone;
  const revoked = key.revokedAt !== null;
  return h(
    "li",
    { class: "row", "data-key": key.name },
    h(
      "div",
      { class: "row-main" },
      h(
        "div",
        { class: "row-text" },
        h("p", { class: "row-title" }, key.name),
        h(
          "p",
          { class: "row-sub" },
          `${roleLabels[key.role]} · created by ${names.get(key.createdBy) ?? "a former member"} on `,
          timeElement(key.createdAt, zone, "date"),
          " · ",
          key.lastUsedAt ? ["last used ", timeElement(key.lastUsedAt, zone)] : "never used",
        ),
      ),
    ),
    h(
      "div",
      { class: "row-actions" },
      h(
        "span",
        { class: `badge ${revoked ? "" : "badge-success"}` },
        revoked ? "Revoked" : "Active",
      ),
      revoked
        ? null
        : h(
            "button",
            {
              type: "button",
              class: "btn btn-danger-quiet btn-small",
              "aria-label": `Revoke ${key.name}`,
              onclick: () =>
                void confirmAction({
                  title: `Revoke “${key.name}”?`,
                  message:
                    "Anything using this key is refused from now on. This cannot be undone; create a new key to replace it.",
                  confirmLabel: "Revoke key",
                  action: async () => {
                    await ok(
                      client.DELETE("/workspaces/{workspaceId}/api-keys/{keyId}", {
                        params: { path: { workspaceId: context.workspaceId, keyId: key.id } },
                      }),
                    );
                  },
                }).then((done) => {
                  if (!done) return;
                  notify(`Revoked “${key.name}”.`);
                  void loadKeys(context);
                }),
            },
            "Revoke",
          ),
    ),
  );
}
