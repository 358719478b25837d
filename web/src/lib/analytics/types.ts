import type { Schema } from "../api.ts";

/** The analytics API's answers (GET …/analytics/*), from the generated OpenAPI types. */
export type Summary = Schema<"AnalyticsSummary">;
/** Every figure the page can show; an answer carries those its networks report. */
export type Figures = Summary["totals"] & { posts?: number };
export type FigureName = keyof Figures;
export type Period = Summary["period"];
export type TopPost = Schema<"TopPost">;
export type BestTimes = Schema<"BestTimes">;

export const figureLabels: Record<FigureName, string> = {
  posts: "Posts",
  impressions: "Impressions",
  reach: "Reach",
  engagements: "Engagements",
  engagementRate: "Engagement rate",
  likes: "Likes",
  comments: "Comments",
  shares: "Shares",
  saves: "Saves",
  clicks: "Clicks",
  videoViews: "Video views",
};

const whole = new Intl.NumberFormat(undefined, { maximumFractionDigits: 0 });
const percent = new Intl.NumberFormat(undefined, { style: "percent", maximumFractionDigits: 1 });

/** A figure as text; "—" for one no network reported. */
export function formatFigure(name: FigureName, value: number | undefined): string {
  if (value === undefined) return "—";
  return name === "engagementRate" ? percent.format(value) : whole.format(value);
}

export function formatChange(change: number | null | undefined): string {
  if (change === undefined) return "";
  if (change === null) return "new";
  const sign = change > 0 ? "+" : "";
  return `${sign}${percent.format(change)}`;
}
