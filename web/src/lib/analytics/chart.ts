/**
 * The figures-over-time chart: uPlot draws the canvas, and a table beside it (in a disclosure)
 * carries the same numbers for screen readers and keyboard users, as its text alternative.
 */
import uPlot from "uplot";
import { h } from "../dom.ts";
import { formatDay } from "../zoned.ts";
import { type FigureName, figureLabels, formatFigure, type Summary } from "./types.ts";

let current: uPlot | undefined;

function cssColor(name: string, fallback: string): string {
  return getComputedStyle(document.documentElement).getPropertyValue(name).trim() || fallback;
}

/** Seconds since the epoch at noon UTC of a YYYY-MM-DD day: what uPlot's x axis takes. */
function dayToSeconds(day: string): number {
  return Date.parse(`${day}T12:00:00Z`) / 1000;
}

export function renderChart(
  container: HTMLElement,
  summary: Summary,
  figure: FigureName,
): HTMLElement {
  current?.destroy();
  const label = figureLabels[figure];
  const values = summary.series.map((d) => d[figure] ?? null);
  const reported = values.filter((v): v is number => v !== null);
  const best = summary.series.reduce<{ day: string; value: number } | undefined>((top, d) => {
    const value = d[figure];
    return value !== undefined && (!top || value > top.value) ? { day: d.day, value } : top;
  }, undefined);
  const description = reported.length
    ? `${label} per publish day from ${formatDay(summary.period.from)} to ${formatDay(summary.period.to)}. ` +
      (best
        ? `Highest on ${formatDay(best.day)} with ${formatFigure(figure, best.value)}.`
        : "No day has this figure.")
    : `No posts in this period report ${label.toLowerCase()}.`;
  const plot = h("div", { class: "chart-canvas", "aria-hidden": "true" });
  const caption = h("p", { class: "chart-description", id: "chart-description" }, description);
  const table = h(
    "table",
    { class: "data-table" },
    h("caption", null, `${label} per day`),
    h(
      "thead",
      null,
      h("tr", null, h("th", { scope: "col" }, "Day"), h("th", { scope: "col" }, label)),
    ),
    h(
      "tbody",
      null,
      summary.series.map((d) =>
        h(
          "tr",
          null,
          h("th", { scope: "row" }, formatDay(d.day)),
          h("td", null, formatFigure(figure, d[figure])),
        ),
      ),
    ),
  );
  const figureBox = h(
    "figure",
    { class: "chart", role: "group", "aria-labelledby": "chart-description" },
    caption,
    plot,
    h("details", null, h("summary", null, "Show the chart as a table"), table),
  );
  container.removeAttribute("aria-busy");
  container.replaceChildren(figureBox);
  const width = Math.max(280, plot.clientWidth || container.clientWidth || 600);
  const accent = cssColor("--accent", "#4a43d6");
  const muted = cssColor("--text-muted", "#555b6b");
  const grid = cssColor("--border", "#e1e4ea");
  const axis = { stroke: muted, grid: { stroke: grid, width: 1 }, ticks: { stroke: grid } };
  current = new uPlot(
    {
      width,
      height: 240,
      legend: { show: false },
      cursor: { drag: { x: false, y: false } },
      scales: { x: { time: true } },
      axes: [axis, { ...axis, size: 56 }],
      series: [
        {},
        {
          label,
          stroke: accent,
          width: 2,
          fill: `${accent}22`,
          points: { show: summary.series.length <= 31 },
          spanGaps: false,
        },
      ],
    },
    [summary.series.map((d) => dayToSeconds(d.day)), values],
    plot,
  );
  return figureBox;
}

/** A small inline trend line, with its meaning in the label. */
export function sparkline(values: number[], label: string): SVGSVGElement {
  const ns = "http://www.w3.org/2000/svg";
  const svg = document.createElementNS(ns, "svg");
  svg.setAttribute("viewBox", "0 0 100 24");
  svg.setAttribute("class", "sparkline");
  svg.setAttribute("role", "img");
  svg.setAttribute("aria-label", label);
  if (values.length >= 2) {
    const min = Math.min(...values);
    const span = Math.max(...values) - min || 1;
    const points = values
      .map((v, i) => `${(i / (values.length - 1)) * 100},${22 - ((v - min) / span) * 20}`)
      .join(" ");
    const line = document.createElementNS(ns, "polyline");
    line.setAttribute("points", points);
    line.setAttribute("fill", "none");
    line.setAttribute("stroke", "currentColor");
    line.setAttribute("stroke-width", "2");
    svg.append(line);
  }
  return svg;
}
