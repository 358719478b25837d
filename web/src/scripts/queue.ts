/**
 * The Queue page: one account at a time (chosen from a list, kept in `?account=`), its upcoming
 * posts in slot order with reorder and remove, and its posting slots as a weekly grid.
 */
import { client, ok } from "../lib/api.ts";
import { queuePanel } from "../lib/connections/queue.ts";
import { slotsEditor } from "../lib/connections/slots.ts";
import { byId, emptyState, h, showContent, showError, showLoading } from "../lib/dom.ts";
import { networkName } from "../lib/networks.ts";
import { type Account, at, can } from "../lib/posts.ts";
import { atLeast } from "../lib/roles.ts";
import { type AppContext, mountApp } from "../lib/shell.ts";

mountApp(async (context) => {
  const state = byId("queue-state");
  showLoading(state, "Loading accounts…");
  let accounts: Account[];
  try {
    const { data } = await ok(
      client.GET("/workspaces/{workspaceId}/accounts", {
        params: { path: { workspaceId: context.workspaceId } },
      }),
    );
    accounts = data.items.filter((a) => a.status !== "disconnected");
  } catch (error) {
    showError(state, error, () => location.reload());
    return;
  }
  if (accounts.length === 0) {
    showContent(
      state,
      emptyState({
        title: "No accounts yet",
        text: "Connect a social account, then give it posting slots: its queue shows here.",
        action: atLeast(context.role, "admin")
          ? h("a", { class: "btn btn-primary", href: "/app/connections" }, "Connect an account")
          : undefined,
      }),
    );
    return;
  }
  showContent(state);
  byId("queue-compose").hidden = !can.write(context.role);
  const select = byId<HTMLSelectElement>("queue-account");
  select.replaceChildren(
    ...accounts.map((a) =>
      h("option", { value: a.id }, `${at(a.handle)} · ${networkName(a.network)}`),
    ),
  );
  const wanted = new URLSearchParams(location.search).get("account");
  select.value = accounts.some((a) => a.id === wanted)
    ? (wanted as string)
    : (accounts[0]?.id ?? "");
  byId("queue-account-field").hidden = false;
  select.addEventListener("change", () => {
    const url = new URL(location.href);
    url.searchParams.set("account", select.value);
    history.replaceState(null, "", url);
    show(context, accounts, select.value);
  });
  show(context, accounts, select.value);
});

function show(context: AppContext, accounts: Account[], accountId: string): void {
  const account = accounts.find((a) => a.id === accountId);
  if (!account) return;
  const admin = atLeast(context.role, "admin");
  const slotless = !Object.values(account.slots).some((times) => times.length);
  byId("queue-note").textContent = slotless
    ? `${at(account.handle)} has no posting slots yet, so nothing can be added to its queue. Add times below.`
    : `Posts scheduled for ${at(account.handle)} in the next 120 days, in the order they go out.`;
  byId("queue-card").hidden = false;
  byId("slots-card").hidden = false;
  byId("queue").replaceChildren(queuePanel(context.workspaceId, account, can.write(context.role)));
  byId("slots").replaceChildren(
    slotsEditor(
      context.workspaceId,
      account,
      admin,
      () => show(context, accounts, accountId),
      accounts.filter((a) => a.id !== account.id),
    ),
  );
}
