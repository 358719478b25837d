import * as z from "zod";
import {
  type ErrorReader,
  type ErrorReading,
  NetworkError,
  type NetworkName,
  sentence,
} from "./error.ts";
import type { HttpClient } from "./http.ts";
import { asRecord, parseBody, stringOf } from "./json.ts";
import { waitForProcessing } from "./upload.ts";

/**
 * What Facebook, Instagram and Threads share: Meta's Graph API. One version for Facebook and
 * Instagram (developers.facebook.com/docs/graph-api/changelog: v26.0, released 29 July 2026);
 * Threads has its own (v1.0).
 */
export const metaGraphVersion = "v26.0";

/**
 * Meta's error body: `{error: {message, type, code, error_subcode, error_user_title,
 * error_user_msg, is_transient, fbtrace_id}}`; api.instagram.com's token endpoint answers
 * `{error_type, code, error_message}` instead. Classification follows Meta's error-handling
 * guide: 190 and 102 (and the session subcodes) mean the token is gone; 10 and 200–299 mean a
 * permission is missing (reconnecting grants it again); 4, 17, 32, 341, 613 and the 80001–80014
 * Business Use Case codes are throttling; `is_transient`, 1 and 2 are temporary; 506 is a
 * duplicate post and 368 a policy block. The code is `code` or `code/subcode`.
 */
export function metaErrorReader(name: NetworkName): ErrorReader {
  return (body, status) => readMetaError(name, body, status);
}

const sessionSubcodes = new Set([458, 459, 460, 463, 464, 467, 492]);
const throttleCodes = new Set([4, 17, 32, 341, 613]);

function readMetaError(name: NetworkName, body: unknown, status: number): ErrorReading {
  const record = asRecord(body);
  const graph = asRecord(record.error);
  const code =
    numberOf(graph.code) ?? (record.error_type === undefined ? undefined : numberOf(record.code));
  const subcode = numberOf(graph.error_subcode);
  const detail =
    stringOf(graph.message) ??
    stringOf(record.error_message) ??
    stringOf(record.error_description) ??
    stringOf(record.error) ??
    (typeof body === "string" && body.length < 200 ? body : `HTTP ${status}`);
  const words = stringOf(graph.error_user_msg);
  const who = name.displayName;
  if (code === undefined) return { code: stringOf(record.error) ?? `http_${status}`, detail };
  const reading = { code: subcode === undefined ? String(code) : `${code}/${subcode}`, detail };
  if (code === 190 || code === 102 || sessionSubcodes.has(subcode ?? 0)) {
    return {
      ...reading,
      kind: "auth",
      userMessage: `${who} says the access token is no longer valid. Reconnect the account.`,
    };
  }
  if (code === 10 || (code >= 200 && code <= 299)) {
    return {
      ...reading,
      kind: "auth",
      userMessage: `${who} no longer lets Cadence do this for the account (${detail.replace(/\.$/, "")}). Reconnect the account and grant every permission Cadence asks for.`,
    };
  }
  if (
    throttleCodes.has(code) ||
    (code >= 80001 && code <= 80014) ||
    (code === 9 && subcode === 2207042)
  ) {
    return {
      ...reading,
      kind: "transient",
      userMessage: `${who} is limiting how often Cadence can post right now. Cadence will try again later.`,
    };
  }
  if (graph.is_transient === true || code === 1 || code === 2) {
    return {
      ...reading,
      kind: "transient",
      userMessage: `${who} had a temporary problem. Cadence will try again.`,
    };
  }
  if (code === 506) {
    return {
      ...reading,
      kind: "permanent",
      userMessage: `${who} refused the post: it is a duplicate of a recent post. Change the text and try again.`,
    };
  }
  if (code === 368) {
    return {
      ...reading,
      kind: "permanent",
      userMessage: `${who} blocked the post for going against its policies: ${sentence(words ?? detail)} Review the post before trying again.`,
    };
  }
  if (status >= 500) return reading;
  return {
    ...reading,
    kind: "permanent",
    userMessage: `${who} refused the post: ${sentence(words ?? detail)} Edit the post and try again.`,
  };
}

function numberOf(value: unknown): number | undefined {
  return typeof value === "number" && Number.isFinite(value) ? value : undefined;
}

const insightsBody = z.object({
  data: z.array(
    z.object({
      name: z.string(),
      values: z.array(z.object({ value: z.unknown() })).optional(),
      total_value: z.object({ value: z.unknown() }).optional(),
    }),
  ),
});

/**
 * Meta's insights answer, `{data: [{name, period, values: [{value}]}]}` (or `total_value`), as
 * one number per metric. A value by type (`post_reactions_by_type_total`: `{like, love, …}`)
 * is summed; a metric Meta leaves out stays out, so it reads as undefined, never 0.
 */
export function readInsights(
  name: NetworkName,
  operation: string,
  body: unknown,
): Record<string, number> {
  const result: Record<string, number> = {};
  for (const metric of parseBody(name, operation, insightsBody, body).data) {
    const value = metric.total_value?.value ?? metric.values?.at(-1)?.value;
    const number =
      typeof value === "number"
        ? value
        : typeof value === "object" && value !== null
          ? Object.values(value).reduce<number>(
              (sum, item) => sum + (typeof item === "number" ? item : 0),
              0,
            )
          : undefined;
    if (number !== undefined) result[metric.name] = number;
  }
  return result;
}

const quotaBody = z.object({
  data: z.array(
    z.object({
      quota_usage: z.number().optional(),
      config: z
        .object({ quota_total: z.number(), quota_duration: z.number().optional() })
        .optional(),
    }),
  ),
});

/**
 * Instagram's `content_publishing_limit` and Threads' `threads_publishing_limit`:
 * `{data: [{quota_usage, config: {quota_total, quota_duration}}]}`. A spent quota is a reason to
 * wait, not to fail: the window is a rolling 24 hours, so Cadence looks again in an hour.
 */
export function checkPublishingQuota(name: NetworkName, body: unknown): void {
  const usage = parseBody(name, "check publishing limit", quotaBody, body).data[0];
  const total = usage?.config?.quota_total;
  if (usage?.quota_usage === undefined || total === undefined || usage.quota_usage < total) return;
  throw new NetworkError({
    network: name.network,
    kind: "transient",
    operation: "check publishing limit",
    code: "publishing_limit",
    detail: `${usage.quota_usage} of ${total} API posts used in the last 24 hours`,
    userMessage: `${name.displayName} allows ${total} posts through its API per 24 hours and this account has used them. Cadence will try again later.`,
    retryAfterMs: 3_600_000,
  });
}

/** A media container's state, as Instagram (`status_code`) and Threads (`status`) report it. */
export interface ContainerCheck {
  state: string;
  /** Why it failed: Instagram's `status`, Threads' `error_message`. */
  reason?: string;
}

/**
 * Waits until a media container is FINISHED (Instagram and Threads fetch and process the media
 * themselves), checking at once and then after 1, 2, 4, 8 and 10 s at most, for up to five
 * minutes, which is how long Meta suggests polling. ERROR is the network refusing the media;
 * EXPIRED (not published within 24 hours) is worth a fresh container, so it is transient.
 */
export async function waitForContainer(
  name: NetworkName,
  check: () => Promise<ContainerCheck>,
  options: { sleep?: (ms: number) => Promise<void>; timeoutMs?: number } = {},
): Promise<void> {
  let polls = 0;
  const last = await waitForProcessing(
    name,
    async () => {
      const status = await check();
      const waitMs = Math.min(1000 * 2 ** polls, 10_000);
      polls += 1;
      return { done: status.state !== "IN_PROGRESS", value: status, waitMs };
    },
    { timeoutMs: options.timeoutMs ?? 300_000, sleep: options.sleep },
  );
  if (last === undefined || last.state === "FINISHED" || last.state === "PUBLISHED") return;
  const expired = last.state === "EXPIRED";
  const reason = last.reason ?? (expired ? "the container expired" : "processing failed");
  throw new NetworkError({
    network: name.network,
    kind: expired ? "transient" : "permanent",
    operation: "wait for media processing",
    code: expired ? "container_expired" : "container_error",
    detail: reason,
    userMessage: expired
      ? `${name.displayName} let the prepared post expire before it was published. Cadence will try again.`
      : `${name.displayName} could not use the media: ${sentence(reason)} Use a different file.`,
  });
}

/**
 * A published object's link, read from one Graph field (`permalink_url` on Facebook, `permalink`
 * on Instagram and Threads). The post is live by then, so a failure falls back, never throws:
 * an error here must not make the caller publish again.
 */
export async function graphPermalink(
  http: HttpClient,
  input: { url: string; field: string; bearer: string; fallback: string },
): Promise<string> {
  try {
    const body = asRecord(
      await http.json({
        operation: "read permalink",
        url: input.url,
        query: { fields: input.field },
        bearer: input.bearer,
      }),
    );
    return stringOf(body[input.field]) ?? input.fallback;
  } catch {
    return input.fallback;
  }
}
