/** The analytics page's figures as cards and tables: totals, breakdowns, top posts. */
import { h } from "../dom.ts";
import { networkName } from "../networks.ts";
import { formatDay } from "../zoned.ts";
import { sparkline } from "./chart.ts";
import {
  type FigureName,
  type Figures,
  figureLabels,
  formatChange,
  formatFigure,
  type Summary,
  type TopPost,
} from "./types.ts";

/** The figures every table shows, in order. */
export const tableFigures: FigureName[] = [
  "posts",
  "impressions",
  "engagements",
  "engagementRate",
  "likes",
  "comments",
  "shares",
  "clicks",
];

export function totalsCards(summary: Summary): HTMLElement {
  const previous = `${formatDay(summary.period.previous.from)} – ${formatDay(summary.period.previous.to)}`;
  return h(
    "ul",
    { class: "totals", "aria-label": `Totals, compared with ${previous}` },
    tableFigures.map((name) => {
      const change = summary.change[name];
      const direction =
        change === undefined || change === null ? "" : change > 0 ? "up" : change < 0 ? "down" : "";
      return h(
        "li",
        { class: "total", "data-figure": name },
        h("span", { class: "total-label" }, figureLabels[name]),
        h("span", { class: "stat" }, formatFigure(name, summary.totals[name])),
        h(
          "span",
          { class: `total-change ${direction}` },
          change === undefined
            ? "Not reported"
            : `${formatChange(change)} vs ${formatFigure(name, summary.previousTotals[name])} before`,
        ),
      );
    }),
  );
}

function figureCells(figures: Figures) {
  return tableFigures.map((name) => h("td", { class: "num" }, formatFigure(name, figures[name])));
}

function figureHeads() {
  return tableFigures.map((name) => h("th", { scope: "col", class: "num" }, figureLabels[name]));
}

export function networkTable(summary: Summary): HTMLElement {
  if (summary.networks.length === 0) {
    return h("p", { class: "muted" }, "No measured posts in this period.");
  }
  return h(
    "div",
    { class: "table-scroll", tabindex: "0", role: "region", "aria-label": "By network" },
    h(
      "table",
      { class: "data-table" },
      h("caption", { class: "visually-hidden" }, "Figures by network"),
      h("thead", null, h("tr", null, h("th", { scope: "col" }, "Network"), figureHeads())),
      h(
        "tbody",
        null,
        summary.networks.map((row) =>
          h("tr", null, h("th", { scope: "row" }, networkName(row.network)), figureCells(row)),
        ),
      ),
    ),
  );
}

export function accountTable(summary: Summary): HTMLElement {
  if (summary.accounts.length === 0) {
    return h("p", { class: "muted" }, "No account figures in this period yet.");
  }
  return h(
    "div",
    { class: "table-scroll", tabindex: "0", role: "region", "aria-label": "By account" },
    h(
      "table",
      { class: "data-table" },
      h("caption", { class: "visually-hidden" }, "Figures and follower growth by account"),
      h(
        "thead",
        null,
        h(
          "tr",
          null,
          h("th", { scope: "col" }, "Account"),
          h("th", { scope: "col", class: "num" }, "Followers"),
          h("th", { scope: "col", class: "num" }, "Growth"),
          h("th", { scope: "col" }, "Trend"),
          figureHeads(),
        ),
      ),
      h(
        "tbody",
        null,
        summary.accounts.map((row) => {
          const series = row.followerSeries.map((p) => p.followers);
          const growth = row.followers
            ? `${row.followers.change >= 0 ? "+" : ""}${formatFigure("posts", row.followers.change)}`
            : "—";
          return h(
            "tr",
            null,
            h(
              "th",
              { scope: "row" },
              row.displayName,
              h("span", { class: "row-sub" }, ` ${row.handle} · ${networkName(row.network)}`),
            ),
            h("td", { class: "num" }, formatFigure("posts", row.followers?.last)),
            h("td", { class: "num" }, growth),
            h(
              "td",
              null,
              series.length >= 2
                ? sparkline(
                    series,
                    `Followers of ${row.handle} from ${formatFigure("posts", series[0])} to ${formatFigure("posts", series.at(-1))}`,
                  )
                : h("span", { class: "muted" }, "—"),
            ),
            figureCells(row.figures),
          );
        }),
      ),
    ),
  );
}

/**
 * Top posts: each column header is a button that asks the API for the posts sorted by that
 * figure (`aria-sort` says which one is in force).
 */
export function topPostsTable(
  items: TopPost[],
  sort: FigureName,
  resort: (figure: FigureName) => void,
): HTMLElement {
  const sortable: FigureName[] = [
    "engagements",
    "impressions",
    "likes",
    "comments",
    "shares",
    "clicks",
  ];
  const head = sortable.map((name) =>
    h(
      "th",
      { scope: "col", class: "num", "aria-sort": name === sort ? "descending" : "none" },
      h(
        "button",
        { type: "button", class: "sort-button", onclick: () => resort(name) },
        figureLabels[name],
      ),
    ),
  );
  if (items.length === 0) {
    return h(
      "p",
      { class: "muted" },
      `No post in this period reports ${figureLabels[sort].toLowerCase()}.`,
    );
  }
  return h(
    "div",
    { class: "table-scroll", tabindex: "0", role: "region", "aria-label": "Top posts" },
    h(
      "table",
      { class: "data-table top-posts" },
      h(
        "caption",
        { class: "visually-hidden" },
        `Top posts by ${figureLabels[sort].toLowerCase()}`,
      ),
      h(
        "thead",
        null,
        h(
          "tr",
          null,
          h("th", { scope: "col" }, "Post"),
          h("th", { scope: "col" }, "Network"),
          head,
        ),
      ),
      h(
        "tbody",
        null,
        items.map((post) =>
          h(
            "tr",
            null,
            h(
              "td",
              { class: "post-text" },
              h(
                "a",
                { href: `/app/post?id=${encodeURIComponent(post.postId)}` },
                post.text || "(no text)",
              ),
            ),
            h("td", null, networkName(post.network)),
            sortable.map((name) =>
              h("td", { class: "num" }, formatFigure(name, (post.figures as Figures)[name])),
            ),
          ),
        ),
      ),
    ),
  );
}
