import * as z from "zod";
import { ignoreCondition } from "../db/condition.ts";
import type { EventItem } from "../db/entities/event.ts";
import { db } from "../db/service.ts";
import { type EventMessage, usePorts } from "../ports.ts";
import { sha256, shardOf } from "../util/id.ts";
import "../util/zod.ts";
import {
  type EventType,
  EventTypeSchema,
  eventSpecs,
  eventTypes,
  type PayloadOf,
} from "./catalog.ts";

export { type Channel, channels, type EventType, eventSpecs, eventTypes } from "./catalog.ts";

/**
 * Workspace events: recorded once, after the write that caused them committed, then fanned out
 * through the events queue (event/consume.ts) to notifications, mail and webhooks — never in
 * the request or the publish path itself.
 */
export namespace Event {
  /** Events outlive every webhook retry (a day) and a redelivery a person asks for later. */
  export const keepDays = 30;

  /**
   * How long after its create an event's fan-out is looked for by the sweep. A fan-out runs
   * within seconds; two minutes leave room for a busy queue, and at one sweep a minute a lost
   * fan-out goes out within three.
   */
  export const fanoutGraceMs = 2 * 60_000;

  /** Partitions of the fan-out check index. */
  export const fanoutShards = 8;

  /**
   * The event's id, derived from its cause (the type, the workspace and what made it happen:
   * a target's id and version, a post's approval request…): the same cause always names the
   * same event, so recording it twice records it once.
   */
  export function idOf(workspaceId: string, type: EventType, cause: string): string {
    return `evt_${sha256(`${workspaceId}|${type}|${cause}`).slice(0, 26)}`;
  }

  /**
   * Records the event (a conditional create: a repeated cause finds it there) and queues its
   * fan-out. The message is sent even when the event was there already, because a crash may
   * have come between the first create and its message; the fan-out itself adds nothing twice.
   * A crash before any repeat leaves the event in the fan-out check index, where the sweep
   * (sweep.ts) finds it after `fanoutGraceMs`.
   */
  export async function record<T extends EventType>(input: {
    workspaceId: string;
    type: T;
    cause: string;
    data: PayloadOf<T>;
  }): Promise<string> {
    const { workspaceId, type } = input;
    const spec = eventSpecs[type];
    const data = spec.payload.parse(input.data);
    const eventId = idOf(workspaceId, type, input.cause);
    const now = Date.now();
    await db()
      .entities.event.create({
        workspaceId,
        eventId,
        type,
        payloadVersion: spec.version,
        payload: JSON.stringify(data),
        occurredAt: new Date(now).toISOString(),
        expiresAt: Math.floor(now / 1000) + keepDays * 86_400,
        fanoutCheckAt: new Date(now + fanoutGraceMs).toISOString(),
        fanoutShard: shardOf(eventId, fanoutShards),
      })
      .go()
      .catch(ignoreCondition);
    await usePorts().events.send({ kind: "fanout", workspaceId, eventId }, 0);
    return eventId;
  }

  /** Takes the event out of the fan-out check index: its fan-out ran to the end. */
  export async function fannedOut(event: EventItem): Promise<void> {
    if (!event.fanoutCheckAt) return;
    await db()
      .entities.event.patch({ workspaceId: event.workspaceId, eventId: event.eventId })
      .set({ fanoutCheckAt: "", fanoutShard: event.fanoutShard })
      .go()
      .catch(ignoreCondition);
  }

  export async function load(workspaceId: string, eventId: string): Promise<EventItem | undefined> {
    return (await db().entities.event.get({ workspaceId, eventId }).go()).data ?? undefined;
  }

  export function isType(type: string): type is EventType {
    return (eventTypes as string[]).includes(type);
  }

  /** What a webhook receives and the API documents: the Standard Webhooks body shape. */
  export const Envelope = z
    .object({
      type: z.union([EventTypeSchema, z.literal("webhook.test")]),
      version: z.number().describe("The payload's schema version for this type"),
      id: z.string().describe("The event id; the same on every attempt and redelivery"),
      workspaceId: z.string(),
      timestamp: z.string().describe("When it happened, UTC ISO-8601"),
      data: z
        .record(z.string(), z.unknown())
        .describe("The payload; its fields per type are in the EventPayloads component"),
    })
    .openapi("WebhookEvent");
  export type Envelope = z.infer<typeof Envelope>;

  export function envelopeOf(item: EventItem): Envelope {
    return {
      type: item.type as EventType,
      version: item.payloadVersion,
      id: item.eventId,
      workspaceId: item.workspaceId,
      timestamp: item.occurredAt,
      data: JSON.parse(item.payload) as Record<string, unknown>,
    };
  }

  /** A queue body as an events message, or undefined for anything else. */
  export function readMessage(body: string): EventMessage | undefined {
    try {
      const parsed = MessageSchema.safeParse(JSON.parse(body));
      return parsed.success ? parsed.data : undefined;
    } catch {
      return undefined;
    }
  }

  const id = z.string().min(1).max(128);
  const MessageSchema = z.discriminatedUnion("kind", [
    z.object({ kind: z.literal("fanout"), workspaceId: id, eventId: id }),
    z.object({
      kind: z.literal("deliver"),
      workspaceId: id,
      endpointId: id,
      deliveryId: id,
      attempt: z.number().int().min(1),
      notBefore: z.string(),
    }),
    z.object({
      kind: z.literal("mail"),
      workspaceId: id,
      userId: id,
      window: z.string(),
      notBefore: z.string(),
    }),
  ]);
}
