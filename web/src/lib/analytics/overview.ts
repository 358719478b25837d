/**
 * The Overview's lead: the last seven days' figures against the seven before, what goes out
 * next, and how many posts need attention, each linking to the screen with the whole story.
 */
import { api } from "../api.ts";
import { emptyState, h, showContent, showError, showLoading } from "../dom.ts";
import { networkName } from "../networks.ts";
import type { CalendarEntry } from "../posts.ts";
import { postUrl } from "../posts.ts";
import { formatInstant } from "../time.ts";
import { figureLabels, formatChange, formatFigure, type Summary } from "./types.ts";

type Calendar = { items: CalendarEntry[]; cursor: string | null };

export async function renderWeek(base: string, panel: HTMLElement): Promise<void> {
  showLoading(panel, "Loading the last seven days…");
  try {
    const { data } = await api.get<Summary>(`${base}/analytics/summary?days=7`);
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
    showError(panel, error, () => void renderWeek(base, panel));
  }
}

export async function renderComingUp(
  base: string,
  zone: string,
  panel: HTMLElement,
): Promise<void> {
  showLoading(panel, "Loading what is coming up…");
  try {
    const now = new Date();
    const query = new URLSearchParams({
      from: now.toISOString(),
      to: new Date(now.getTime() + 7 * 86_400_000).toISOString(),
      state: "scheduled",
      limit: "5",
    });
    const { data } = await api.get<Calendar>(`${base}/calendar?${query}`);
    if (data.items.length === 0) {
      showContent(
        panel,
        emptyState({ title: "Nothing scheduled", text: "No posts go out in the next seven days." }),
      );
      return;
    }
    showContent(
      panel,
      h(
        "ul",
        { class: "rows" },
        data.items.map((entry) =>
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
    showError(panel, error, () => void renderComingUp(base, zone, panel));
  }
}

export async function renderNeedsAttention(base: string, panel: HTMLElement): Promise<void> {
  showLoading(panel, "Checking for problems…");
  try {
    const now = new Date();
    const counts = await Promise.all(
      (["failed", "needs_review"] as const).map(async (state) => {
        const query = new URLSearchParams({
          from: new Date(now.getTime() - 30 * 86_400_000).toISOString(),
          to: now.toISOString(),
          state,
          limit: "100",
        });
        return (await api.get<Calendar>(`${base}/calendar?${query}`)).data.items.length;
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
    showError(panel, error, () => void renderNeedsAttention(base, panel));
  }
}
