import { guardedFetch, OutboundError } from "@cadence/networks";
import { unlessConditionFails } from "../db/condition.ts";
import type { EventItem } from "../db/entities/event.ts";
import type { HookDeliveryItem } from "../db/entities/hook-delivery.ts";
import type { HookEndpointItem } from "../db/entities/hook-endpoint.ts";
import { db } from "../db/service.ts";
import { Event } from "../event/index.ts";
import { type EventMessage, usePorts } from "../ports.ts";
import { sha256 } from "../util/id.ts";
import { signedHeaders } from "./signing.ts";

type DeliverMessage = Extract<EventMessage, { kind: "deliver" }>;

/**
 * Waits before each attempt, from the previous one: at once, then growing gaps up to a day
 * (about 42 hours in all). CADENCE_HOOK_RETRY_MS ("0,1000,2000") replaces it, so tests can run
 * the whole schedule in seconds.
 */
export function retrySchedule(): number[] {
  const configured = (process.env.CADENCE_HOOK_RETRY_MS ?? "")
    .split(",")
    .map((part) => Number(part.trim()))
    .filter((ms) => Number.isFinite(ms) && ms >= 0);
  if (configured.length > 0) return configured;
  const minute = 60_000;
  const hour = 60 * minute;
  return [0, 5_000, 5 * minute, 30 * minute, 2 * hour, 5 * hour, 10 * hour, 24 * hour];
}

/** How long an attempt may take: a receiver should answer at once and work later. */
export const attemptTimeoutMs = 15_000;
const keepDays = 30;

export interface AttemptLog {
  at: string;
  ok: boolean;
  /** The HTTP status, or null when no answer came. */
  status: number | null;
  durationMs: number;
  /** Why it failed, in Cadence's words (never the receiver's text). */
  error: string | null;
}

/** Delivery ids sort newest first within an endpoint: the time, then the event and endpoint. */
export function deliveryIdOf(occurredAt: string, eventId: string, endpointId: string): string {
  const time = Date.parse(occurredAt).toString(36).padStart(9, "0");
  return `dlv_${time}${sha256(`${eventId}|${endpointId}`).slice(0, 16)}`;
}

export function wants(endpoint: HookEndpointItem, type: string): boolean {
  return (
    endpoint.state === "enabled" &&
    (endpoint.eventTypes.length === 0 || endpoint.eventTypes.includes(type))
  );
}

export async function queueAttempt(delivery: HookDeliveryItem, attempt: number, waitMs: number) {
  await usePorts().events.send(
    {
      kind: "deliver",
      workspaceId: delivery.workspaceId,
      endpointId: delivery.endpointId,
      deliveryId: delivery.deliveryId,
      attempt,
      notBefore: new Date(Date.now() + waitMs).toISOString(),
    },
    Math.min(900, waitMs / 1000),
  );
}

/**
 * Creates one delivery per endpoint that wants the event and queues its first attempt. The
 * create is conditional on the id the event and endpoint name; a repeated fan-out queues the
 * first attempt again only while none was made (the attempt's claim keeps it to one).
 */
export async function enqueueDeliveries(event: EventItem): Promise<number> {
  const endpoints = (
    await db().entities.hookEndpoint.query.byWorkspace({ workspaceId: event.workspaceId }).go({
      pages: "all",
    })
  ).data.filter((endpoint) => wants(endpoint, event.type));
  const body = JSON.stringify(Event.envelopeOf(event));
  for (const endpoint of endpoints) {
    const item = {
      workspaceId: event.workspaceId,
      endpointId: endpoint.endpointId,
      deliveryId: deliveryIdOf(event.occurredAt, event.eventId, endpoint.endpointId),
      messageId: event.eventId,
      eventType: event.type,
      body,
      finalAttempt: retrySchedule().length,
      expiresAt: Math.floor(Date.now() / 1000) + keepDays * 86_400,
    };
    const created = await unlessConditionFails(db().entities.hookDelivery.create(item).go());
    const delivery =
      created?.data ??
      (await db().entities.hookDelivery.get(item).go({ consistent: true })).data ??
      undefined;
    if (delivery && delivery.status === "pending" && delivery.attempts === 0) {
      await queueAttempt(delivery as HookDeliveryItem, 1, 0);
    }
  }
  return endpoints.length;
}

/**
 * Makes one attempt: claimed first (a conditional write on the attempt count), so a duplicate
 * or stale message sends nothing; then a POST through the outbound guard, never following a
 * redirect; then the log entry, and the next attempt or the end.
 */
export async function attempt(message: DeliverMessage): Promise<void> {
  const waitMs = Date.parse(message.notBefore) - Date.now();
  if (waitMs > 0) {
    await usePorts().events.send(message, Math.min(900, Math.ceil(waitMs / 1000)));
    return;
  }
  const key = {
    workspaceId: message.workspaceId,
    endpointId: message.endpointId,
    deliveryId: message.deliveryId,
  };
  const claimed = await unlessConditionFails(
    db()
      .entities.hookDelivery.patch(key)
      .set({ attempts: message.attempt, nextAttemptAt: "" })
      .where(
        (attr, op) =>
          `${op.eq(attr.status, "pending")} AND ${op.eq(attr.attempts, message.attempt - 1)}`,
      )
      .go({ response: "all_new" }),
  );
  if (!claimed) return;
  const delivery = claimed.data as HookDeliveryItem;
  const endpoint = (
    await db()
      .entities.hookEndpoint.get({ workspaceId: key.workspaceId, endpointId: key.endpointId })
      .go()
  ).data;
  const isTest = delivery.eventType === "webhook.test";
  const entry =
    endpoint && (endpoint.state === "enabled" || isTest)
      ? await post(endpoint, delivery)
      : {
          at: new Date().toISOString(),
          ok: false,
          status: null,
          durationMs: 0,
          error: endpoint ? "The endpoint is turned off." : "The endpoint was deleted.",
        };
  const last = entry.ok || message.attempt >= delivery.finalAttempt || !endpoint;
  const gap = retrySchedule()[message.attempt] ?? 0;
  await db()
    .entities.hookDelivery.patch(key)
    .set({
      log: JSON.stringify([...(JSON.parse(delivery.log) as AttemptLog[]), entry]),
      status: entry.ok ? "succeeded" : last ? "failed" : "pending",
      nextAttemptAt: last ? "" : new Date(Date.now() + gap).toISOString(),
    })
    .where((attr, op) => op.eq(attr.attempts, message.attempt))
    .go();
  if (!last) {
    await queueAttempt(delivery, message.attempt + 1, gap);
    return;
  }
  if (!endpoint || isTest) return;
  if (entry.ok) {
    if (endpoint.failedInRow > 0) await resetFailures(endpoint);
    return;
  }
  if (delivery.finalAttempt === retrySchedule().length) await failedThrough(endpoint);
}

async function post(endpoint: HookEndpointItem, delivery: HookDeliveryItem): Promise<AttemptLog> {
  const at = new Date();
  const started = performance.now();
  const took = () => Math.round(performance.now() - started);
  try {
    const response = await guardedFetch(endpoint.url, {
      method: "POST",
      headers: await signedHeaders(endpoint, delivery.messageId, delivery.body, at),
      body: delivery.body,
      redirect: "manual",
      signal: AbortSignal.timeout(attemptTimeoutMs),
    });
    // The answer's body is not read into anything Cadence shows: only its status counts.
    await response.body?.cancel();
    const ok = response.status >= 200 && response.status < 300;
    const error = ok
      ? null
      : response.status >= 300 && response.status < 400
        ? "It answered with a redirect; webhooks do not follow redirects. Use the final address."
        : `It answered ${response.status}.`;
    return { at: at.toISOString(), ok, status: response.status, durationMs: took(), error };
  } catch (error) {
    const reason =
      error instanceof OutboundError
        ? `Not sent: ${error.message}.`
        : error instanceof DOMException && error.name === "TimeoutError"
          ? `No answer within ${attemptTimeoutMs / 1000} seconds.`
          : "It could not be reached.";
    return { at: at.toISOString(), ok: false, status: null, durationMs: took(), error: reason };
  }
}

function resetFailures(endpoint: HookEndpointItem) {
  return db()
    .entities.hookEndpoint.patch({
      workspaceId: endpoint.workspaceId,
      endpointId: endpoint.endpointId,
    })
    .set({ failedInRow: 0 })
    .go();
}

/**
 * A delivery used up its whole schedule (a day and more of failures): the endpoint is turned
 * off, and the write that turns it off — only one can — tells the admins.
 */
async function failedThrough(endpoint: HookEndpointItem): Promise<void> {
  const { workspaceId, endpointId } = endpoint;
  const disabled = await unlessConditionFails(
    db()
      .entities.hookEndpoint.patch({ workspaceId, endpointId })
      .set({ state: "disabled", disabledReason: "failing" })
      .add({ failedInRow: 1, version: 1 })
      .where((attr, op) => op.eq(attr.state, "enabled"))
      .go({ response: "all_new" }),
  );
  if (!disabled) return;
  await Event.record({
    workspaceId,
    type: "endpoint.disabled",
    cause: `${endpointId}@${disabled.data.version}`,
    data: {
      endpointId,
      url: endpoint.url,
      reason: `Every attempt to deliver to ${new URL(endpoint.url).host} failed, so it was turned off. Check the delivery log, fix the receiver and turn it back on.`,
    },
  });
}
