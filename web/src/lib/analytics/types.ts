/** The analytics API's answers (GET …/analytics/*), as the page reads them. */
export interface Figures {
  posts?: number;
  impressions?: number;
  reach?: number;
  likes?: number;
  comments?: number;
  shares?: number;
  saves?: number;
  clicks?: number;
  videoViews?: number;
  engagements?: number;
  engagementRate?: number;
}
export type FigureName = keyof Figures;

export interface Period {
  from: string;
  to: string;
  days: number;
  timeZone: string;
  previous: { from: string; to: string };
}

export interface Summary {
  period: Period;
  filter: { dimension: string; key: string };
  totals: Figures;
  previousTotals: Figures;
  change: Partial<Record<FigureName, number | null>>;
  series: (Figures & { day: string })[];
  networks: (Figures & { network: string })[];
  accounts: {
    accountId: string;
    network: string;
    handle: string;
    displayName: string;
    figures: Figures;
    followers?: { first: number; last: number; change: number };
    following?: number;
    postCount?: number;
    followerSeries: { day: string; followers: number }[];
  }[];
}

export interface TopPost {
  targetId: string;
  postId: string;
  accountId: string;
  network: string;
  publishedAt: string;
  text: string;
  url?: string;
  figures: Figures;
}

export interface BestTimes {
  timeZone: string;
  posts: number;
  enough: boolean;
  cells: {
    weekday: number;
    hour: number;
    posts: number;
    averageEngagements?: number;
    engagementRate?: number;
  }[];
  suggestions: { weekday: number; hour: number }[];
}

/** Names people read, in the order the page shows them. */
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
