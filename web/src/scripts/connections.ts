import { ApiError, client, ok, type Schema } from "../lib/api.ts";
import { slotsEditor } from "../lib/connections/slots.ts";
import { confirmAction } from "../lib/dialog.ts";
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
import { field, formDialog } from "../lib/form-dialog.ts";
import { networkIds, networkName, networkOf } from "../lib/networks.ts";
import { type Account, at, can, excerpt, postUrl } from "../lib/posts.ts";
import { type AppContext, mountApp } from "../lib/shell.ts";
import { timeElement } from "../lib/time.ts";

/** What each code the connect callback sends back means, in our words (see core connect). */
const outcomes: Record<string, string> = {
  cancelled:
    "You cancelled on the network, so nothing was connected. Connect again and choose Authorize.",
  state_mismatch:
    "The network's answer did not match a connection started here. Start again from this page.",
  attempt_expired:
    "The connection took longer than 10 minutes, or was already finished. Start it again.",
  wrong_account:
    "You signed in as a different account than the one being reconnected. Sign in as that account on the network and try again.",
  role_required: "Only owners and admins can connect accounts in this workspace.",
  network_refused: "The network refused the connection. Check the account there and connect again.",
  network_unavailable: "The network could not be reached. Try again in a few minutes.",
};

const statusLabels: Record<Account["status"], [string, string]> = {
  active: ["Connected", "badge-success"],
  reconnect_needed: ["Reconnect needed", "badge-danger"],
  disconnected: ["Disconnected", ""],
};

const returnTo = () => `${location.origin}/app/connections`;

mountApp(async (context) => {
  const admin = can.connect(context.role);
  byId("accounts-note").textContent = admin
    ? "Posting slots are the local times “add to queue” uses."
    : "Owners and admins connect and disconnect accounts.";
  showLoading(byId("accounts"), "Loading accounts…");
  if (admin) renderNetworks(context);
  await Promise.all([handleReturn(context), loadAccounts(context)]);
});

function renderNetworks(context: AppContext): void {
  byId("connect-card").hidden = false;
  byId("network-grid").replaceChildren(
    ...networkIds().map((network) =>
      h(
        "li",
        null,
        h(
          "button",
          {
            type: "button",
            class: `network-button net-${network}`,
            "data-connect": network,
            onclick: () => void connect(context, network),
          },
          h("span", { class: `net-dot net-${network}`, "aria-hidden": "true" }),
          `Connect ${networkName(network)}`,
        ),
      ),
    ),
  );
}

/** OAuth networks leave for the network's page; Bluesky and Mastodon first ask one thing here. */
async function connect(context: AppContext, network: string, account?: Account): Promise<void> {
  const workspaceId = context.workspaceId;
  const start = async (extra: Record<string, string | undefined>) => {
    const { data } = await ok(
      account
        ? client.POST("/workspaces/{workspaceId}/accounts/{accountId}/reconnect", {
            params: { path: { workspaceId, accountId: account.id } },
            body: { returnTo: returnTo(), ...extra },
          })
        : client.POST("/workspaces/{workspaceId}/connections", {
            params: { path: { workspaceId } },
            // The site lists only networks the API describes (GET /networks).
            body: {
              network: network as Schema<"ConnectionStart">["network"],
              returnTo: returnTo(),
              ...extra,
            },
          }),
    );
    if (data.authorizationUrl) {
      location.assign(data.authorizationUrl);
      return;
    }
    if (data.account) {
      notify(`Connected ${at(data.account.handle)}.`);
      await loadAccounts(context, data.account.id);
    }
  };
  // How each network connects comes from GET /networks: an app password typed here, a server
  // named first, or straight to the network's own page.
  const { connect: how, name } = networkOf(network);
  if (how.method === "app_password") {
    await formDialog({
      title: account ? `Reconnect ${at(account.handle)}` : `Connect ${name}`,
      message: `${name} connects with an app password, made in its settings (on Bluesky: Settings → Privacy and security → App passwords). Cadence uses it once and keeps only the session.`,
      fields: [
        field({
          label: "Handle or email",
          name: "identifier",
          value: account?.handle ?? "",
          attributes: { autocomplete: "username" },
        }),
        field({
          label: "App password",
          name: "appPassword",
          type: "password",
          attributes: { autocomplete: "off" },
        }),
      ],
      confirmLabel: "Connect",
      busyLabel: "Connecting…",
      action: (values) => start({ identifier: values.identifier, appPassword: values.appPassword }),
    });
    return;
  }
  if (how.server === "required" && !account) {
    await formDialog({
      title: `Connect ${name}`,
      message: `${name} is many servers. Which one is the account on?`,
      fields: [
        field({
          label: "Server",
          name: "server",
          hint: "For example mastodon.social",
          attributes: { autocomplete: "url", spellcheck: "false", inputmode: "url" },
        }),
      ],
      confirmLabel: `Continue to ${name}`,
      busyLabel: "Opening…",
      action: (values) => start({ server: values.server }),
    });
    return;
  }
  try {
    await start({});
  } catch (error) {
    showOutcome(messageOf(error), "error");
  }
}

/** Back from the network: connected, a pick of pages to make, or why it did not work. */
async function handleReturn(context: AppContext): Promise<void> {
  const params = new URLSearchParams(location.search);
  const connected = params.get("connected");
  const attempt = params.get("attempt");
  const error = params.get("error");
  if (!connected && !attempt && !error) return;
  history.replaceState(null, "", location.pathname);
  if (error) {
    showOutcome(outcomes[error] ?? "The connection did not complete. Try again.", "error");
    return;
  }
  if (connected) {
    showOutcome("Connected. The account is ready to post to.", "success", connected);
    return;
  }
  if (attempt && params.get("pick")) await pick(context, attempt);
}

type Pending = Schema<"ConnectionInProgress">;

async function pick(context: AppContext, attemptId: string): Promise<void> {
  let pending: Pending;
  try {
    pending = (
      await ok(
        client.GET("/workspaces/{workspaceId}/connections/{attemptId}", {
          params: { path: { workspaceId: context.workspaceId, attemptId } },
        }),
      )
    ).data;
  } catch (error) {
    showOutcome(messageOf(error), "error");
    return;
  }
  const choices = h(
    "fieldset",
    { class: "pick-fieldset" },
    h("legend", { class: "label" }, "Connect"),
    h("p", { class: "field-error", "data-error-for": "externalIds", hidden: true }),
    ...pending.subAccounts.map((sub) => {
      const id = `sub-${sub.externalId}`;
      return h(
        "div",
        { class: "check" },
        h("input", { type: "checkbox", id, name: "externalIds", value: sub.externalId }),
        h("label", { for: id }, sub.name, h("span", { class: "muted" }, ` · ${sub.kind}`)),
      );
    }),
  );
  const done = await formDialog({
    title: `Choose what to connect on ${networkName(pending.network)}`,
    message: pending.profile
      ? `Signed in as ${pending.profile.displayName || pending.profile.handle}. Each one you choose becomes an account here.`
      : "Each one you choose becomes an account here.",
    fields: [choices],
    confirmLabel: "Connect selected",
    busyLabel: "Connecting…",
    action: async (_values, form) => {
      const externalIds = [
        ...form.querySelectorAll<HTMLInputElement>("input[name=externalIds]:checked"),
      ].map((b) => b.value);
      if (externalIds.length === 0) {
        throw new ApiError(400, "nothing_picked", "Choose at least one to connect.", "externalIds");
      }
      const { data } = await ok(
        client.POST("/workspaces/{workspaceId}/connections/{attemptId}/accounts", {
          params: { path: { workspaceId: context.workspaceId, attemptId } },
          body: { externalIds },
        }),
      );
      showOutcome(
        `Connected ${data.items.map((a) => a.displayName || a.handle).join(", ")}.`,
        "success",
        data.items[0]?.id,
      );
      await loadAccounts(context, data.items[0]?.id);
    },
  });
  if (!done) showOutcome("Nothing was connected. Connect again to choose.", "warning");
}

function showOutcome(
  message: string,
  kind: "success" | "error" | "warning",
  accountId?: string,
): void {
  const slot = byId("connect-outcome");
  slot.replaceChildren(
    h(
      "p",
      {
        class: `alert alert-${kind}`,
        role: kind === "error" ? "alert" : "status",
        "data-outcome": kind,
      },
      message,
    ),
  );
  slot.dataset.account = accountId ?? "";
  slot.focus();
}

async function loadAccounts(context: AppContext, highlight?: string): Promise<void> {
  const panel = byId("accounts");
  try {
    const { data } = await ok(
      client.GET("/workspaces/{workspaceId}/accounts", {
        params: { path: { workspaceId: context.workspaceId } },
      }),
    );
    if (data.items.length === 0) {
      showContent(
        panel,
        emptyState({
          title: "No accounts yet",
          text: can.connect(context.role)
            ? "Connect one above to start scheduling."
            : "An owner or admin connects the workspace's accounts.",
        }),
      );
      return;
    }
    showContent(
      panel,
      h(
        "ul",
        { class: "rows" },
        data.items.map((a) => accountRow(context, a)),
      ),
    );
    const target = highlight ?? byId("connect-outcome").dataset.account;
    if (target)
      panel.querySelector(`[data-account-id="${CSS.escape(target)}"]`)?.classList.add("row-new");
  } catch (error) {
    showError(panel, error, () => void loadAccounts(context));
  }
}

function accountRow(context: AppContext, account: Account): HTMLLIElement {
  const admin = can.connect(context.role);
  const [label, badge] = statusLabels[account.status];
  const details = h("div", { class: "account-details", hidden: true });
  const toggle = (name: string, build: () => HTMLElement) => {
    const button = h(
      "button",
      { type: "button", class: "btn btn-ghost btn-small", "aria-expanded": "false" },
      name,
    );
    button.addEventListener("click", () => {
      const open = button.getAttribute("aria-expanded") === "true";
      for (const other of row.querySelectorAll("[aria-expanded=true]"))
        other.setAttribute("aria-expanded", "false");
      if (open) {
        details.hidden = true;
        return;
      }
      button.setAttribute("aria-expanded", "true");
      details.replaceChildren(build());
      details.hidden = false;
    });
    return button;
  };
  const row: HTMLLIElement = h(
    "li",
    { class: "row account-row", "data-account-id": account.id, "data-account": account.handle },
    h(
      "div",
      { class: "row-main" },
      h(
        "span",
        { class: `avatar net-ring net-${account.network}`, "aria-hidden": "true" },
        initials(account.displayName || account.handle.replace(/^@/, "")),
      ),
      h(
        "div",
        { class: "row-text" },
        h("p", { class: "row-title" }, account.displayName || account.handle),
        h(
          "p",
          { class: "row-sub" },
          `${networkName(account.network)} · `,
          account.profileUrl
            ? h(
                "a",
                { href: account.profileUrl, target: "_blank", rel: "noopener" },
                `${at(account.handle)}`,
                h("span", { class: "visually-hidden" }, " (opens in a new tab)"),
              )
            : `${at(account.handle)}`,
          account.kind !== "profile" ? ` · ${account.kind}` : "",
        ),
        account.statusReason && account.status !== "active"
          ? h("p", { class: "row-reason" }, account.statusReason)
          : null,
      ),
    ),
    h(
      "div",
      { class: "row-actions" },
      h("span", { class: `badge ${badge}` }, label),
      toggle("Posting slots", () =>
        slotsEditor(context.workspaceId, account, admin, () => void loadAccounts(context)),
      ),
      h(
        "a",
        {
          class: "btn btn-ghost btn-small",
          href: `/app/queue?account=${encodeURIComponent(account.id)}`,
          "aria-label": `Queue of ${at(account.handle)}`,
        },
        "Queue",
      ),
      admin
        ? h(
            "button",
            {
              type: "button",
              class: `btn ${account.status === "active" ? "btn-ghost" : "btn-primary"} btn-small`,
              "aria-label": `Reconnect ${at(account.handle)}`,
              onclick: () => void connect(context, account.network, account),
            },
            "Reconnect",
          )
        : null,
      admin && account.status !== "disconnected"
        ? h(
            "button",
            {
              type: "button",
              class: "btn btn-danger-quiet btn-small row-action-apart",
              "aria-label": `Disconnect ${at(account.handle)}`,
              onclick: () => void disconnect(context, account),
            },
            "Disconnect…",
          )
        : null,
    ),
    details,
  );
  return row;
}

/**
 * Disconnect says what it will do before it does it: the posts it holds (listed, soonest
 * first), that reconnecting brings them back, and it asks for the account's handle typed out.
 */
async function disconnect(context: AppContext, account: Account): Promise<void> {
  const path = { workspaceId: context.workspaceId, accountId: account.id };
  let held: Schema<"DisconnectPreview">["held"];
  try {
    ({ held } = (
      await ok(
        client.GET("/workspaces/{workspaceId}/accounts/{accountId}/disconnect-preview", {
          params: { path },
        }),
      )
    ).data);
  } catch (error) {
    notify(messageOf(error));
    return;
  }
  const handle = at(account.handle);
  const count = held.length === 1 ? "1 scheduled post" : `${held.length} scheduled posts`;
  const shown = held.slice(0, 8);
  const done = await confirmAction({
    title: `Disconnect ${handle}?`,
    message: held.length
      ? `Cadence stops posting to it and holds ${count}. Reconnect ${handle} and they are scheduled again at their times. Its published posts stay on ${networkName(account.network)}.`
      : `Cadence stops posting to it; nothing is scheduled for it. Its published posts stay on ${networkName(account.network)}.`,
    details: held.length
      ? h(
          "ul",
          { class: "held-list", "aria-label": "Posts that will be held" },
          ...shown.map((item) =>
            h(
              "li",
              null,
              timeElement(item.dueAt, item.timeZone ?? context.workspace.timeZone),
              " · ",
              h("a", { href: postUrl(item.postId) }, excerpt(item.text || "(no text)", 60)),
            ),
          ),
          held.length > shown.length
            ? h("li", { class: "muted" }, `and ${held.length - shown.length} more`)
            : null,
        )
      : undefined,
    confirmLabel: held.length ? `Disconnect and hold ${count}` : "Disconnect",
    typeToConfirm: account.handle,
    action: async () => {
      await ok(
        client.DELETE("/workspaces/{workspaceId}/accounts/{accountId}", { params: { path } }),
      );
    },
  });
  if (!done) return;
  notify(held.length ? `Disconnected ${handle}; ${count} held.` : `Disconnected ${handle}.`);
  void loadAccounts(context);
}
