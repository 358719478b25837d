/**
 * The Overview's lead: the last seven days' figures against the seven before, what goes out
 * next, and how many posts need attention, each linking to the screen with the whole story.
 */
import { client, ok, type Query } from "../api.ts";
import { emptyState, h, showContent, showError, showLoading } from "../dom.ts";
import { networkName } from "../networks.ts";
import type { CalendarEntry } from "../posts.ts";
import { postUrl } from "../posts.ts";
import { formatInstant } from "../time.ts";
import { figureLabels, formatChange, formatFigure, type Summary } from "./types.ts";

/** The calendar entries of a range, read as the calendar screen reads them. */
async function calendarEntries(
  workspaceId: string,
  query: Query<"listCalendar">,
): Promise<CalendarEntry[]> {
  const answer = await ok(
    client.GET("/workspaces/{workspaceId}/calendar", { params: { path: { workspaceId }, query } }),
  );
  return answer.data.items;
}

export async function renderWeek(workspaceId: string, panel: HTMLElement): Promise<void> {
  showLoading(panel, "Loading the last seven days…");
  try {
    const { data } = await ok(
      client.GET("/workspaces/{workspaceId}/analytics/summary", {
        params: { path: { workspaceId }, query: { days: "7" } },
      }),
    );
    showContent(
      panel,
      h(
        "ul",
        { class: "totals" },
        (["posts", "impressions", "engagements", "engagementRate"] as const).map((name) =>
          h(
            "li",
            { class: "total", "data-figure": name },
            h("span", { class: "total-label" }, figureLabels[name]),
            h("span", { class: "stat" }, formatFigure(name, data.totals[name])),
            h(
              "span",
              { class: "total-change" },
              data.change[name] === undefined
                ? "Not reported"
                : `${formatChange(data.change[name])} vs the week before`,
            ),
          ),
        ),
      ),
    );
  } catch (error) {
    showError(panel, error, () => void renderWeek(workspaceId, panel));
  }
}

/** The next week's scheduled posts; with `past`, the last week's published ones, newest first. */
export async function renderComingUp(
  workspaceId: string,
  zone: string,
  panel: HTMLElement,
  past = false,
): Promise<void> {
  showLoading(panel, past ? "Loading what went out…" : "Loading what is coming up…");
  try {
    const now = Date.now();
    const week = 7 * 86_400_000;
    const found = await calendarEntries(workspaceId, {
      from: new Date(past ? now - week : now).toISOString(),
      to: new Date(past ? now : now + week).toISOString(),
      state: past ? "published" : "scheduled",
      limit: past ? 50 : 5,
    });
    const items = past ? found.reverse().slice(0, 5) : found;
    if (items.length === 0) {
      showContent(
        panel,
        past
          ? emptyState({
              title: "Nothing went out",
              text: "No posts were published in the last seven days.",
            })
          : emptyState({
              title: "Nothing scheduled",
              text: "No posts go out in the next seven days.",
            }),
      );
      return;
    }
    showContent(
      panel,
      h(
        "ul",
        { class: "rows" },
        items.map((entry) =>
          h(
            "li",
            { class: "row" },
            h(
              "div",
              { class: "row-main" },
              h(
                "a",
                { class: "row-title", href: postUrl(entry.postId) },
                entry.text || "(no text)",
              ),
              h(
                "span",
                { class: "row-sub" },
                `${networkName(entry.network)} · ${formatInstant(entry.dueAt, zone).text}`,
              ),
            ),
          ),
        ),
      ),
    );
  } catch (error) {
    showError(panel, error, () => void renderComingUp(workspaceId, zone, panel, past));
  }
}

export async function renderNeedsAttention(workspaceId: string, panel: HTMLElement): Promise<void> {
  showLoading(panel, "Checking for problems…");
  try {
    const now = new Date();
    const counts = await Promise.all(
      (["failed", "needs_review"] as const).map(async (state) => {
        const items = await calendarEntries(workspaceId, {
          from: new Date(now.getTime() - 30 * 86_400_000).toISOString(),
          to: now.toISOString(),
          state,
          limit: 100,
        });
        return items.length;
      }),
    );
    const total = counts.reduce((sum, n) => sum + n, 0);
    showContent(
      panel,
      total === 0
        ? h(
            "p",
            { class: "muted" },
            "Nothing needs attention: every post of the last 30 days went out.",
          )
        : h(
            "p",
            null,
            h("span", { class: "stat" }, String(total)),
            ` ${total === 1 ? "post needs" : "posts need"} attention (failed or to review). `,
            h("a", { href: "/app/attention" }, "Review them"),
          ),
    );
  } catch (error) {
    showError(panel, error, () => void renderNeedsAttention(workspaceId, panel));
  }
}
