import type { PostMetrics } from "@cadence/networks";

/** Every figure a post reading can hold, as networks report them (see docs/analytics.md). */
export const figures = [
  "impressions",
  "reach",
  "likes",
  "comments",
  "shares",
  "saves",
  "clicks",
  "videoViews",
] as const satisfies readonly (keyof PostMetrics)[];
export type Figure = (typeof figures)[number];

/**
 * The interactions that make up engagement, on every network alike: a person did something with
 * the post. Views and impressions are exposure, not engagement.
 */
export const engagementFigures = [
  "likes",
  "comments",
  "shares",
  "saves",
  "clicks",
] as const satisfies readonly Figure[];

/** Figures a top-posts list can be sorted by. */
export const rankedFigures = [...figures, "engagements"] as const;
export type RankedFigure = (typeof rankedFigures)[number];

export type Reported = Partial<Record<Figure, number>>;

/** Keeps only what the network said: a figure it does not report stays absent, never 0. */
export function reportedOf(metrics: PostMetrics): Reported {
  return Object.fromEntries(
    figures.flatMap((name) => {
      const value = metrics[name];
      return typeof value === "number" && Number.isFinite(value) && value >= 0
        ? [[name, Math.floor(value)]]
        : [];
    }),
  );
}

/** Engagements: the sum of the interactions the network reports; undefined when it reports none. */
export function engagementsOf(reported: Reported): number | undefined {
  const present = engagementFigures.filter((name) => reported[name] !== undefined);
  if (present.length === 0) return undefined;
  return present.reduce((sum, name) => sum + (reported[name] ?? 0), 0);
}

/**
 * Engagement rate, one definition for every network: engagements ÷ impressions, over the posts
 * whose network reports impressions. Undefined when no such post has impressions.
 */
export function engagementRate(
  ratedEngagements: number | undefined,
  ratedImpressions: number | undefined,
): number | undefined {
  if (!ratedImpressions || ratedEngagements === undefined) return undefined;
  return ratedEngagements / ratedImpressions;
}
