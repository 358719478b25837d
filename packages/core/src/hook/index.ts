import { checkOutboundUrl, OutboundError } from "@cadence/networks";
import * as z from "zod";
import { Activity } from "../activity/index.ts";
import { assertRole, useWorkspace } from "../actor/index.ts";
import { unlessConditionFails } from "../db/condition.ts";
import type { HookDeliveryItem } from "../db/entities/hook-delivery.ts";
import type { HookEndpointItem } from "../db/entities/hook-endpoint.ts";
import { db } from "../db/service.ts";
import { VisibleError } from "../error/index.ts";
import { EventTypeSchema } from "../event/catalog.ts";
import { Plan } from "../plan/index.ts";
import { fn } from "../util/fn.ts";
import { newId } from "../util/id.ts";
import "../util/zod.ts";
import { type AttemptLog, queueAttempt } from "./delivery.ts";
import { createCounted, maxEndpoints as endpointLimit, removeCounted } from "./endpoint-count.ts";
import { newSecret, sealSecret } from "./signing.ts";

export { attempt, enqueueDeliveries, retrySchedule } from "./delivery.ts";

/**
 * Outbound webhooks (not the networks' inbound ones in core/webhook): a workspace's endpoints,
 * each with an event filter and a signing secret, managed by owners and admins; the delivery
 * log, redelivery, test events and secret rotation.
 */
export namespace Hook {
  export const maxEndpoints = endpointLimit;

  export const Endpoint = z
    .object({
      id: z.string(),
      url: z.string(),
      description: z.string(),
      eventTypes: z.array(EventTypeSchema).describe("Types it receives; empty means every type"),
      state: z.enum(["enabled", "disabled"]),
      disabledReason: z
        .enum(["manual", "failing"])
        .nullable()
        .describe("Turned off by a person, or after every attempt of a delivery failed"),
      rotationEndsAt: z
        .string()
        .nullable()
        .describe("Until then the previous secret signs too (both signatures are sent)"),
      version: z.number(),
      createdAt: z.string(),
    })
    .openapi("WebhookEndpoint");
  export type Endpoint = z.infer<typeof Endpoint>;

  export const EndpointWithSecret = Endpoint.extend({
    secret: z.string().describe("The signing secret (whsec_…), shown only now"),
  }).openapi("WebhookEndpointWithSecret");

  export const Delivery = z
    .object({
      id: z.string(),
      eventId: z.string().describe("The webhook-id header, the same on every attempt"),
      eventType: z.string(),
      status: z.enum(["pending", "succeeded", "failed"]),
      attempts: z.array(
        z.object({
          at: z.string(),
          ok: z.boolean(),
          status: z.number().nullable().describe("The HTTP status answered, null without one"),
          durationMs: z.number(),
          error: z.string().nullable(),
        }),
      ),
      nextAttemptAt: z.string().nullable(),
      createdAt: z.string(),
    })
    .openapi("WebhookDelivery");
  export type Delivery = z.infer<typeof Delivery>;

  function toEndpoint(item: HookEndpointItem): Endpoint {
    return {
      id: item.endpointId,
      url: item.url,
      description: item.description,
      eventTypes: item.eventTypes as Endpoint["eventTypes"],
      state: item.state,
      disabledReason:
        item.state === "disabled"
          ? item.disabledReason === "failing"
            ? "failing"
            : "manual"
          : null,
      rotationEndsAt:
        item.previousUntil && item.previousUntil > new Date().toISOString()
          ? item.previousUntil
          : null,
      version: item.version,
      createdAt: item.createdAt,
    };
  }

  export function toDelivery(item: HookDeliveryItem): Delivery {
    return {
      id: item.deliveryId,
      eventId: item.messageId,
      eventType: item.eventType,
      status: item.status,
      attempts: JSON.parse(item.log) as AttemptLog[],
      nextAttemptAt: item.nextAttemptAt || null,
      createdAt: item.createdAt,
    };
  }

  /** An https address on the public internet; checked again, address by address, at each send. */
  const Url = z
    .string()
    .trim()
    .max(2_000)
    .superRefine((value, context) => {
      try {
        checkOutboundUrl(value);
      } catch (error) {
        const why = error instanceof OutboundError ? error.message : "it is not a valid URL";
        context.addIssue({ code: "custom", message: `use a public https address (${why})` });
      }
    });

  export const CreateInput = z.object({
    url: Url,
    description: z.string().trim().max(200).default(""),
    eventTypes: z.array(EventTypeSchema).max(20).default([]),
  });

  export const UpdateInput = z.object({
    endpointId: z.string().min(1).max(64),
    url: Url.optional(),
    description: z.string().trim().max(200).optional(),
    eventTypes: z.array(EventTypeSchema).max(20).optional(),
    state: z.enum(["enabled", "disabled"]).optional(),
    /** The version read: a change made meanwhile is not overwritten. */
    version: z.number().int().min(1),
  });

  export const EndpointInput = z.object({ endpointId: z.string().min(1).max(64) });

  function notFound(): VisibleError {
    return new VisibleError(
      "endpoint_not_found",
      "There is no such webhook endpoint in this workspace.",
    );
  }

  async function load(endpointId: string): Promise<HookEndpointItem> {
    const item = (
      await db().entities.hookEndpoint.get({ workspaceId: useWorkspace(), endpointId }).go()
    ).data;
    if (!item) throw notFound();
    return item;
  }

  export async function list(): Promise<Endpoint[]> {
    assertRole("admin");
    const items = await db()
      .entities.hookEndpoint.query.byWorkspace({ workspaceId: useWorkspace() })
      .go({ pages: "all" });
    return items.data.map(toEndpoint);
  }

  /** Adds an endpoint; its secret is answered this once and kept only sealed. */
  export const create = fn(CreateInput, async (input) => {
    assertRole("admin");
    const workspaceId = useWorkspace();
    await Plan.requireFeature("webhooks", workspaceId);
    const endpointId = newId("hook");
    const secret = newSecret();
    const item = {
      workspaceId,
      endpointId,
      url: input.url,
      description: input.description,
      eventTypes: input.eventTypes,
      secretSealed: await sealSecret({ workspaceId, endpointId }, secret),
    };
    await createCounted(item);
    const created = (
      await db().entities.hookEndpoint.get({ workspaceId, endpointId }).go({ consistent: true })
    ).data;
    if (!created) throw notFound();
    await Activity.record({
      action: "webhook_endpoint.created",
      subjectType: "webhook_endpoint",
      subjectId: endpointId,
      summary: `Added a webhook endpoint for ${new URL(input.url).host}`,
    });
    return { ...toEndpoint(created), secret };
  });

  function changedMeanwhile(): VisibleError {
    return new VisibleError(
      "version_conflict",
      "This endpoint changed since you loaded it. Reload it and make your change again.",
      "version",
    );
  }

  /** Changes the address, description, filter or state; turning it on clears its failures. */
  export const update = fn(UpdateInput, async (input) => {
    assertRole("admin");
    const workspaceId = useWorkspace();
    const { endpointId, version, state, ...fields } = input;
    const written = await unlessConditionFails(
      db()
        .entities.hookEndpoint.patch({ workspaceId, endpointId })
        .set({
          ...Object.fromEntries(Object.entries(fields).filter(([, v]) => v !== undefined)),
          ...(state === "enabled" ? { state, disabledReason: "", failedInRow: 0 } : {}),
          ...(state === "disabled" ? { state, disabledReason: "manual" } : {}),
        })
        .add({ version: 1 })
        .where((attr, op) => op.eq(attr.version, version))
        .go({ response: "all_new" }),
    );
    if (!written) {
      await load(endpointId);
      throw changedMeanwhile();
    }
    return toEndpoint(written.data as HookEndpointItem);
  });

  export const remove = fn(EndpointInput, async ({ endpointId }) => {
    assertRole("admin");
    const workspaceId = useWorkspace();
    if (!(await removeCounted(workspaceId, endpointId))) throw notFound();
    await Activity.record({
      action: "webhook_endpoint.deleted",
      subjectType: "webhook_endpoint",
      subjectId: endpointId,
      summary: "Deleted a webhook endpoint",
    });
  });

  export const RotateInput = EndpointInput.extend({
    overlapHours: z.coerce
      .number()
      .int()
      .min(0)
      .max(72)
      .default(24)
      .describe("How long the previous secret keeps signing beside the new one"),
  });

  /**
   * A new secret, answered once. The previous one keeps signing beside it for the overlap, so
   * receivers can switch without missing a delivery.
   */
  export const rotate = fn(RotateInput, async ({ endpointId, overlapHours }) => {
    assertRole("admin");
    const workspaceId = useWorkspace();
    const current = await load(endpointId);
    const secret = newSecret();
    const written = await unlessConditionFails(
      db()
        .entities.hookEndpoint.patch({ workspaceId, endpointId })
        .set({
          secretSealed: await sealSecret(current, secret),
          previousSecretSealed: current.secretSealed,
          previousUntil: new Date(Date.now() + overlapHours * 3_600_000).toISOString(),
        })
        .add({ version: 1 })
        .where((attr, op) => op.eq(attr.version, current.version))
        .go({ response: "all_new" }),
    );
    if (!written) throw changedMeanwhile();
    await Activity.record({
      action: "webhook_endpoint.secret_rotated",
      subjectType: "webhook_endpoint",
      subjectId: endpointId,
      summary: `Rotated a webhook secret (the old one signs for ${overlapHours} more hours)`,
    });
    return { ...toEndpoint(written.data as HookEndpointItem), secret };
  });

  export const DeliveriesInput = EndpointInput.extend({
    limit: z.coerce.number().int().min(1).max(100).default(50),
  });

  /** The delivery log, newest first. */
  export const deliveries = fn(DeliveriesInput, async ({ endpointId, limit }) => {
    assertRole("admin");
    await load(endpointId);
    const page = await db()
      .entities.hookDelivery.query.byEndpoint({ workspaceId: useWorkspace(), endpointId })
      .go({ order: "desc", limit });
    return page.data.map(toDelivery);
  });

  /** Sends a `webhook.test` event to the endpoint now (once, no retries), even while it is off. */
  export const test = fn(EndpointInput, async ({ endpointId }) => {
    assertRole("admin");
    const workspaceId = useWorkspace();
    await load(endpointId);
    const at = new Date();
    const messageId = newId("msg");
    const created = await db()
      .entities.hookDelivery.create({
        workspaceId,
        endpointId,
        deliveryId: `dlv_${at.getTime().toString(36).padStart(9, "0")}${messageId.slice(-16)}`,
        messageId,
        eventType: "webhook.test",
        body: JSON.stringify({
          type: "webhook.test",
          version: 1,
          id: messageId,
          workspaceId,
          timestamp: at.toISOString(),
          data: { message: "A test event from Cadence. Answer 2xx to show it arrived." },
        }),
        finalAttempt: 1,
        expiresAt: Math.floor(Date.now() / 1000) + 30 * 86_400,
      })
      .go();
    const delivery = created.data as HookDeliveryItem;
    await queueAttempt(delivery, 1, 0);
    return toDelivery(delivery);
  });

  export const RedeliverInput = EndpointInput.extend({ deliveryId: z.string().min(1).max(64) });

  /**
   * A pending delivery with no attempt planned whose last change is older than this was
   * dead-lettered: its attempt's message failed in the consumer on every receive (five of
   * 120 s, infra/settings.ts `eventDelivery`) and waits in the events DLQ. It can be sent again.
   */
  const stuckAfterMs = 60 * 60_000;

  /**
   * Sends a finished (or dead-lettered) delivery once more, now, with the same webhook-id
   * (receivers deduplicate on it). A delivery still on its way cannot be sent again.
   */
  export const redeliver = fn(RedeliverInput, async ({ endpointId, deliveryId }) => {
    assertRole("admin");
    const workspaceId = useWorkspace();
    const endpoint = await load(endpointId);
    if (endpoint.state !== "enabled") {
      throw new VisibleError(
        "endpoint_disabled",
        "This endpoint is turned off. Turn it on first, then send the delivery again.",
      );
    }
    const key = { workspaceId, endpointId, deliveryId };
    const current = (await db().entities.hookDelivery.get(key).go()).data;
    if (!current) {
      throw new VisibleError(
        "delivery_not_found",
        "There is no such delivery for this endpoint; deliveries are kept 30 days.",
      );
    }
    const stuckBefore = new Date(Date.now() - stuckAfterMs).toISOString();
    const reopened = await unlessConditionFails(
      db()
        .entities.hookDelivery.patch(key)
        .set({
          status: "pending",
          finalAttempt: current.attempts + 1,
          nextAttemptAt: new Date().toISOString(),
        })
        .where((attr, op) => {
          const stuck = `${op.eq(attr.nextAttemptAt, "")} AND ${op.lt(attr.updatedAt, stuckBefore)}`;
          return `(${op.ne(attr.status, "pending")} OR (${stuck})) AND ${op.eq(attr.attempts, current.attempts)}`;
        })
        .go({ response: "all_new" }),
    );
    if (!reopened) {
      throw new VisibleError(
        "delivery_in_progress",
        "This delivery is still being attempted. Wait for its next attempt, then try again.",
      );
    }
    const delivery = reopened.data as HookDeliveryItem;
    await queueAttempt(delivery, current.attempts + 1, 0);
    return toDelivery(delivery);
  });
}
