/**
 * The post page's figures: each account the post went to, with what its network reports and a
 * small trend of engagements over the days it was measured.
 */
import { client, ok, type Schema } from "../api.ts";
import { h, showContent, showError, showLoading } from "../dom.ts";
import { networkName } from "../networks.ts";
import { sparkline } from "./chart.ts";
import { type FigureName, type Figures, figureLabels, formatFigure } from "./types.ts";

type TargetMetrics = Schema<"TargetMetrics">;

const shown: FigureName[] = [
  "impressions",
  "likes",
  "comments",
  "shares",
  "saves",
  "clicks",
  "videoViews",
];

export async function renderPostFigures(
  workspaceId: string,
  postId: string,
  card: HTMLElement,
  panel: HTMLElement,
): Promise<void> {
  showLoading(panel, "Loading the figures…");
  try {
    const { data } = await ok(
      client.GET("/workspaces/{workspaceId}/posts/{postId}/metrics", {
        params: { path: { workspaceId, postId } },
      }),
    );
    if (data.items.length === 0) {
      // Nothing measured yet: the card goes, and so does the loading state (no longer busy).
      showContent(panel);
      card.hidden = true;
      return;
    }
    card.hidden = false;
    showContent(
      panel,
      h(
        "div",
        {
          class: "table-scroll",
          tabindex: "0",
          role: "region",
          "aria-label": "Figures per account",
        },
        h(
          "table",
          { class: "data-table" },
          h(
            "caption",
            { class: "visually-hidden" },
            "The latest figures per network, with the engagement trend",
          ),
          h(
            "thead",
            null,
            h(
              "tr",
              null,
              h("th", { scope: "col" }, "Network"),
              shown.map((name) => h("th", { scope: "col", class: "num" }, figureLabels[name])),
              h("th", { scope: "col" }, "Engagements by day"),
            ),
          ),
          h(
            "tbody",
            null,
            data.items.map((item) => {
              const points = item.trend.map((p) => p.engagements ?? 0);
              const last = item.trend.at(-1);
              return h(
                "tr",
                { "data-target": item.targetId },
                h("th", { scope: "row" }, networkName(item.network)),
                shown.map((name) =>
                  h("td", { class: "num" }, formatFigure(name, (item.metrics as Figures)[name])),
                ),
                h(
                  "td",
                  null,
                  points.length >= 2
                    ? sparkline(
                        points,
                        `Engagements from ${points[0]} to ${points.at(-1)} over ${points.length} days`,
                      )
                    : h(
                        "span",
                        { class: "muted" },
                        last?.engagements === undefined ? "—" : `${last.engagements} so far`,
                      ),
                ),
              );
            }),
          ),
        ),
      ),
    );
  } catch (error) {
    showError(panel, error, () => void renderPostFigures(workspaceId, postId, card, panel));
  }
}
