/**
 * The best-time heatmap: weekday × hour in the workspace's zone, each cell shaded by the average
 * engagements of the posts published then and labelled with how many posts it rests on. Owners
 * and admins can add the suggested cells to an account's posting slots.
 */
import { ApiError, client, ok } from "../api.ts";
import { confirmAction } from "../dialog.ts";
import { h, messageOf, notify } from "../dom.ts";
import type { Account } from "../posts.ts";
import { at } from "../posts.ts";
import { formatClock } from "../zoned.ts";
import type { BestTimes } from "./types.ts";

const weekdays = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"];
const hours = Array.from({ length: 24 }, (_, hour) => hour);
const clock = (hour: number) => formatClock(`${String(hour).padStart(2, "0")}:00`);

export function heatmap(best: BestTimes): HTMLElement {
  const cells = new Map(best.cells.map((c) => [`${c.weekday}-${c.hour}`, c]));
  const top = Math.max(1, ...best.cells.map((c) => c.averageEngagements ?? 0));
  const suggested = new Set(best.suggestions.map((s) => `${s.weekday}-${s.hour}`));
  const note = best.enough
    ? `Based on ${best.posts} published posts, by the hour they went out (${best.timeZone}). Darker cells got more engagements per post; outlined cells are suggested.`
    : `Only ${best.posts} measured ${best.posts === 1 ? "post" : "posts"} so far: too few to say when your audience responds best. The grid fills in as more posts are published and measured.`;
  return h(
    "div",
    null,
    h("p", { class: best.enough ? "muted" : "alert alert-warning", id: "heatmap-note" }, note),
    h(
      "div",
      { class: "table-scroll", tabindex: "0", role: "region", "aria-labelledby": "heatmap-note" },
      h(
        "table",
        { class: "heatmap" },
        h(
          "caption",
          { class: "visually-hidden" },
          "Posts and engagements per post by weekday and hour",
        ),
        h(
          "thead",
          null,
          h(
            "tr",
            null,
            h("td", null),
            hours.map((hour) =>
              h(
                "th",
                { scope: "col" },
                h("span", { class: "hour" }, hour % 3 === 0 ? clock(hour) : ""),
                h("span", { class: "visually-hidden" }, clock(hour)),
              ),
            ),
          ),
        ),
        h(
          "tbody",
          null,
          weekdays.map((name, index) =>
            h(
              "tr",
              null,
              h("th", { scope: "row" }, name.slice(0, 3)),
              hours.map((hour) => {
                const cell = cells.get(`${index + 1}-${hour}`);
                const strength = cell?.averageEngagements ? cell.averageEngagements / top : 0;
                const text = cell
                  ? `${name} ${clock(hour)}: ${cell.posts} ${cell.posts === 1 ? "post" : "posts"}${cell.averageEngagements === undefined ? "" : `, ${cell.averageEngagements} engagements per post`}`
                  : `${name} ${clock(hour)}: no posts`;
                return h(
                  "td",
                  {
                    class: `heat${strength > 0.5 ? " strong" : ""}${suggested.has(`${index + 1}-${hour}`) ? " suggested" : ""}`,
                    style: `--heat: ${Math.round(strength * 100)}%`,
                    title: text,
                  },
                  h("span", { "aria-hidden": "true" }, cell ? String(cell.posts) : ""),
                  h("span", { class: "visually-hidden" }, text),
                );
              }),
            ),
          ),
        ),
      ),
    ),
  );
}

/** "Use suggested slots": adds the suggested hours to one account's posting slots. */
export function suggestedSlotsForm(
  workspaceId: string,
  accounts: Account[],
  best: BestTimes,
): HTMLElement {
  const active = accounts.filter((a) => a.status === "active");
  if (!best.enough || best.suggestions.length === 0 || active.length === 0) {
    return h(
      "p",
      { class: "muted" },
      "Suggested posting slots appear once enough posts have been measured.",
    );
  }
  const select = h(
    "select",
    { id: "suggest-account", class: "select" },
    active.map((a) => h("option", { value: a.id }, at(a.handle))),
  );
  const button = h("button", { type: "button", class: "btn btn-secondary" }, "Use suggested slots");
  button.addEventListener("click", async () => {
    const account = active.find((a) => a.id === select.value);
    if (!account) return;
    try {
      const path = { workspaceId, accountId: account.id };
      const { data } = await ok(
        client.GET("/workspaces/{workspaceId}/accounts/{accountId}/suggested-slots", {
          params: { path },
        }),
      );
      const merged: Record<string, string[]> = {};
      for (let day = 1; day <= 7; day++) {
        const key = String(day);
        const times = [...(account.slots[key] ?? []), ...(data.slots[key] ?? [])];
        if (times.length) merged[key] = [...new Set(times)].sort();
      }
      const added = Object.entries(data.slots).flatMap(([day, times]) =>
        times.map((t) => `${weekdays[Number(day) - 1]} ${formatClock(t)}`),
      );
      await confirmAction({
        title: `Add suggested slots to ${at(account.handle)}?`,
        message: `These times (in ${data.timeZone}) join the account's posting slots: ${added.join(", ")}.`,
        confirmLabel: "Add slots",
        danger: false,
        action: async () => {
          const saved = await ok(
            client.PUT("/workspaces/{workspaceId}/accounts/{accountId}/slots", {
              params: { path },
              body: { timeZone: data.timeZone, slots: merged, version: account.version },
            }),
          );
          Object.assign(account, saved.data);
          notify(`Added ${added.length} suggested slots to ${at(account.handle)}.`);
        },
      });
    } catch (error) {
      notify(
        error instanceof ApiError && error.status === 412
          ? "Someone else changed this account's slots. Reload the page and try again."
          : messageOf(error),
      );
    }
  });
  return h(
    "div",
    { class: "toolbar" },
    h("div", { class: "field" }, h("label", { for: "suggest-account" }, "Account"), select),
    button,
  );
}
