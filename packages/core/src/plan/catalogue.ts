/**
 * Every plan Cadence sells, in one table: what each allows (limits) and which parts of the
 * product it opens (features). Enforcement (plan/index.ts, plan/usage.ts), the billing page,
 * the Stripe price mapping and docs/plans.md all read this table; nothing restates it.
 */

export const planIds = ["free", "starter", "pro", "enterprise"] as const;
export type PlanId = (typeof planIds)[number];

export const limitNames = [
  "accounts",
  "members",
  "scheduledPosts",
  "storageBytes",
  "analyticsDays",
  "apiKeys",
] as const;
export type LimitName = (typeof limitNames)[number];

export const featureNames = [
  "approval",
  "autorepost",
  "feeds",
  "webhooks",
  "bestTimes",
  "api",
] as const;
export type FeatureName = (typeof featureNames)[number];

export type Limits = Record<LimitName, number>;

export interface PlanEntry {
  name: string;
  /** Monthly price in US cents, as Checkout charges it; undefined when sold by contract. */
  monthlyCents?: number;
  /** Whether a person can buy it through Checkout (Enterprise is set by an operator). */
  selfServe: boolean;
  limits: Limits;
  features: Record<FeatureName, boolean>;
  /** Largest single upload per kind, in bytes. */
  maxUploadBytes: { image: number; video: number };
}

const MB = 1024 * 1024;
const GB = 1024 * MB;

/** How people read each limit, for messages, the billing page and docs/plans.md. */
export const limitLabels: Record<LimitName, { noun: string; unit: "count" | "bytes" | "days" }> = {
  accounts: { noun: "connected social accounts", unit: "count" },
  members: { noun: "team members", unit: "count" },
  scheduledPosts: { noun: "posts scheduled at once", unit: "count" },
  storageBytes: { noun: "media storage", unit: "bytes" },
  analyticsDays: { noun: "days of analytics history", unit: "days" },
  apiKeys: { noun: "API keys", unit: "count" },
};

export const featureLabels: Record<FeatureName, string> = {
  approval: "Approval workflow",
  autorepost: "Autorepost rules",
  feeds: "Feeds (RSS and Atom into posts)",
  webhooks: "Outbound webhooks",
  bestTimes: "Best-time suggestions",
  api: "The public API (API keys)",
};

const none: Record<FeatureName, boolean> = {
  approval: false,
  autorepost: false,
  feeds: false,
  webhooks: false,
  bestTimes: false,
  api: false,
};
const all: Record<FeatureName, boolean> = {
  approval: true,
  autorepost: true,
  feeds: true,
  webhooks: true,
  bestTimes: true,
  api: true,
};

/**
 * Sized after what Buffer and Hootsuite sell: a free tier for one person and a few accounts,
 * a small-team tier, a team tier with every feature, and contracts above that. Images stop at
 * 50 MB on every plan: they are decoded in memory and no network accepts a bigger one. Videos
 * top out at 5 GB, the largest object one S3 POST (and one CopyObject) can carry.
 */
export const plans: Record<PlanId, PlanEntry> = {
  free: {
    name: "Free",
    monthlyCents: 0,
    selfServe: true,
    limits: {
      accounts: 3,
      members: 1,
      scheduledPosts: 30,
      storageBytes: 1 * GB,
      analyticsDays: 30,
      apiKeys: 0,
    },
    features: none,
    maxUploadBytes: { image: 50 * MB, video: 50 * MB },
  },
  starter: {
    name: "Starter",
    monthlyCents: 1500,
    selfServe: true,
    limits: {
      accounts: 10,
      members: 3,
      scheduledPosts: 1_000,
      storageBytes: 10 * GB,
      analyticsDays: 365,
      apiKeys: 2,
    },
    features: { ...none, bestTimes: true, feeds: true, api: true },
    maxUploadBytes: { image: 50 * MB, video: 1 * GB },
  },
  pro: {
    name: "Pro",
    monthlyCents: 6500,
    selfServe: true,
    limits: {
      accounts: 50,
      members: 25,
      scheduledPosts: 10_000,
      storageBytes: 100 * GB,
      analyticsDays: 730,
      apiKeys: 25,
    },
    features: all,
    maxUploadBytes: { image: 50 * MB, video: 5 * GB },
  },
  enterprise: {
    name: "Enterprise",
    selfServe: false,
    // The contract's numbers replace these per workspace (the operator command `plan:set`).
    limits: {
      accounts: 500,
      members: 500,
      scheduledPosts: 100_000,
      storageBytes: 1_000 * GB,
      analyticsDays: 1_825,
      apiKeys: 100,
    },
    features: all,
    maxUploadBytes: { image: 50 * MB, video: 5 * GB },
  },
};

/** The cheapest plan whose limit is at least `needed` (custom Enterprise limits aside). */
export function cheapestWithLimit(limit: LimitName, needed: number): PlanId {
  return planIds.find((id) => plans[id].limits[limit] >= needed) ?? "enterprise";
}

/** The cheapest plan that opens `feature`. */
export function cheapestWithFeature(feature: FeatureName): PlanId {
  return planIds.find((id) => plans[id].features[feature]) ?? "enterprise";
}

/** "50 MB", "1 GB": sizes as people read them. */
export function formatBytes(bytes: number): string {
  if (bytes >= GB) return `${Number((bytes / GB).toFixed(1))} GB`;
  if (bytes >= MB) return `${Number((bytes / MB).toFixed(1))} MB`;
  if (bytes >= 1024) return `${Number((bytes / 1024).toFixed(1))} KB`;
  return `${bytes} bytes`;
}

/** A limit's value as people read it: "3 connected social accounts", "1 GB of media storage". */
export function formatLimit(limit: LimitName, value: number): string {
  const { noun, unit } = limitLabels[limit];
  if (unit === "bytes") return `${formatBytes(value)} of ${noun}`;
  return `${value.toLocaleString("en-US")} ${noun}`;
}
