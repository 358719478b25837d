/**
 * The first run leads to the core job: connect an account, write and schedule a first post,
 * find it on the calendar. Accounts without posting slots are offered suggested ones, so "next
 * free slot" works from the first day. The checklist goes away once all three are done.
 */
import { client, ok } from "./api.ts";
import { byId, h, messageOf, notify } from "./dom.ts";
import { type Account, at, can } from "./posts.ts";
import { can as canManage } from "./roles.ts";
import type { AppContext } from "./shell.ts";
import { formatClock } from "./zoned.ts";

const calendarSeenKey = (workspaceId: string) => `cadence.calendar-seen.${workspaceId}`;

/** The calendar page says it was seen, so the last step ticks itself. */
export function markCalendarSeen(workspaceId: string): void {
  localStorage.setItem(calendarSeenKey(workspaceId), "1");
}

/** Weekdays at three times people engage most often; a start to edit, not a rule. */
const suggestedTimes = ["09:00", "12:30", "17:00"];
const weekdays = ["1", "2", "3", "4", "5"];

export async function renderOnboarding(context: AppContext): Promise<void> {
  const { workspaceId, role, workspace } = context;
  if (!can.write(role)) return;
  const path = { workspaceId };
  const [accounts, posts] = await Promise.all([
    ok(client.GET("/workspaces/{workspaceId}/accounts", { params: { path } })).then(
      (r) => r.data.items.filter((a) => a.status !== "disconnected"),
      () => [] as Account[],
    ),
    ok(
      client.GET("/workspaces/{workspaceId}/posts", { params: { path, query: { limit: 20 } } }),
    ).then(
      (r) => r.data.items,
      () => [],
    ),
  ]);
  const admin = canManage.manageTeam(role);
  const steps = [
    {
      done: accounts.length > 0,
      what: "Connect a social account",
      href: "/app/connections",
      action: admin ? "Connect an account" : undefined,
      note: admin ? undefined : "An owner or admin of this workspace connects accounts.",
    },
    {
      done: posts.some((post) => post.status !== "draft"),
      what: "Write and schedule your first post",
      href: "/app/compose",
      action: "Write a post",
    },
    {
      done: localStorage.getItem(calendarSeenKey(workspaceId)) === "1",
      what: "See it on the calendar",
      href: "/app/calendar",
      action: "Open the calendar",
    },
  ];
  const done = steps.filter((s) => s.done).length;
  const slotless = accounts.filter((a) => !Object.values(a.slots).some((times) => times.length));
  if (done === steps.length && slotless.length === 0) return;
  byId("setup-progress").textContent = `${done} of ${steps.length} done`;
  byId("setup-list").replaceChildren(
    ...steps.map((step) =>
      h(
        "li",
        { class: step.done ? "done" : null },
        h("span", { class: "tick", "aria-hidden": "true" }, step.done ? "✓" : ""),
        h(
          "span",
          { class: "what" },
          step.what,
          step.done ? h("span", { class: "visually-hidden" }, " (done)") : null,
          step.note && !step.done ? h("span", { class: "row-sub" }, ` ${step.note}`) : null,
        ),
        step.done || !step.action
          ? null
          : h("a", { href: step.href, class: "btn btn-secondary btn-small" }, step.action),
      ),
    ),
  );
  byId("setup-slots").replaceChildren(
    admin && slotless.length ? slotOffer(workspaceId, workspace.timeZone, slotless, context) : "",
  );
  byId("setup-card").hidden = false;
}

function slotOffer(
  workspaceId: string,
  zone: string,
  accounts: Account[],
  context: AppContext,
): HTMLElement {
  const times = suggestedTimes.map(formatClock).join(", ");
  const names = accounts.map((a) => at(a.handle)).join(", ");
  const button = h(
    "button",
    { type: "button", class: "btn btn-primary btn-small" },
    "Use these posting slots",
  );
  button.addEventListener("click", async () => {
    button.setAttribute("aria-busy", "true");
    try {
      for (const account of accounts) {
        const slots = Object.fromEntries(
          ["1", "2", "3", "4", "5", "6", "7"].map((day) => [
            day,
            weekdays.includes(day) ? suggestedTimes : [],
          ]),
        );
        await ok(
          client.PUT("/workspaces/{workspaceId}/accounts/{accountId}/slots", {
            params: { path: { workspaceId, accountId: account.id } },
            body: { timeZone: zone, slots, version: account.version },
          }),
        );
      }
      notify(`Posting slots set for ${names}.`);
      await renderOnboarding(context);
    } catch (error) {
      notify(messageOf(error));
    } finally {
      button.removeAttribute("aria-busy");
    }
  });
  return h(
    "div",
    { class: "slot-offer" },
    h(
      "p",
      null,
      `${names} ${accounts.length === 1 ? "has" : "have"} no posting slots yet, so “Next free slot” has nowhere to put a post. Suggested: weekdays at ${times} (${zone}). You can change them on each account's Queue.`,
    ),
    button,
  );
}
