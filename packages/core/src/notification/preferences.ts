import * as z from "zod";
import { useActor, useUser, useWorkspace } from "../actor/index.ts";
import { unlessConditionFails } from "../db/condition.ts";
import type { NotificationPreferenceItem } from "../db/entities/notification-preference.ts";
import { db } from "../db/service.ts";
import { VisibleError } from "../error/index.ts";
import { type Channel, channels, type EventType, eventSpecs, eventTypes } from "../event/index.ts";
import { shardOf } from "../util/id.ts";
import "../util/zod.ts";
import { TimeZone } from "../util/zone.ts";

/** Shards of the digest index: the digest cron reads each in parallel. */
export const digestShards = 8;

const ChannelSchema = z.enum(channels);

export const PreferencesInfo = z
  .object({
    events: z.array(
      z.object({
        type: z.enum(eventTypes as [EventType, ...EventType[]]),
        label: z.string(),
        channel: ChannelSchema,
        /** The channel when the person has not chosen one. */
        defaultChannel: ChannelSchema,
        audience: z.enum(["author", "admins"]).describe("Who is told: the author, or approvers"),
      }),
    ),
    timeZone: z.string().describe("The daily digest comes at 08:00 in this zone"),
    mailOff: z.boolean().describe("True after unsubscribing from all of this workspace's mail"),
    version: z.number(),
  })
  .openapi("NotificationPreferences");
export type PreferencesInfo = z.infer<typeof PreferencesInfo>;

export const PreferencesInput = z.object({
  // Partial: zod 4's record over an enum would require every type.
  channels: z
    .partialRecord(z.enum(eventTypes as [EventType, ...EventType[]]), ChannelSchema)
    .optional()
    .describe("Event type → channel; types left out keep their channel"),
  timeZone: TimeZone.optional(),
  mailOff: z.boolean().optional(),
});

export function channelsOf(item: NotificationPreferenceItem | undefined): Record<string, Channel> {
  // An item written by an unsubscribe alone has no channels yet.
  return item?.channels ? (JSON.parse(item.channels) as Record<string, Channel>) : {};
}

/** The channel a person gets an event type on: their choice, else the catalogue's default. */
export function channelFor(item: NotificationPreferenceItem | undefined, type: EventType): Channel {
  return channelsOf(item)[type] ?? eventSpecs[type].channel;
}

export async function loadPreferences(workspaceId: string, userId: string) {
  return (
    (await db().entities.notificationPreference.get({ workspaceId, userId }).go()).data ?? undefined
  );
}

export function toPreferencesInfo(item: NotificationPreferenceItem | undefined): PreferencesInfo {
  return {
    events: eventTypes.map((type) => ({
      type,
      label: eventSpecs[type].label,
      channel: channelFor(item, type),
      defaultChannel: eventSpecs[type].channel,
      audience: eventSpecs[type].audience,
    })),
    timeZone: item?.timeZone ?? "UTC",
    mailOff: item?.mailOff ?? false,
    version: item?.version ?? 0,
  };
}

/** The signed-in person's preferences in this workspace. */
export async function myPreferences(): Promise<PreferencesInfo> {
  useActor();
  return toPreferencesInfo(await loadPreferences(useWorkspace(), useUser().userId));
}

/**
 * Saves the person's choices. Merged into what is stored with one upsert whose condition is
 * the version read, so two tabs saving at once cannot drop each other's changes silently: the
 * loser retries from the new version (a few times; then it says so).
 */
export async function savePreferences(
  input: z.input<typeof PreferencesInput>,
): Promise<PreferencesInfo> {
  const parsed = PreferencesInput.parse(input);
  const workspaceId = useWorkspace();
  const { userId } = useUser();
  for (let tries = 0; ; tries += 1) {
    const current = await loadPreferences(workspaceId, userId);
    const merged = { ...channelsOf(current), ...(parsed.channels ?? {}) };
    const digest = Object.values(merged).includes("digest");
    const values = {
      channels: JSON.stringify(merged),
      timeZone: parsed.timeZone ?? current?.timeZone ?? "UTC",
      mailOff: parsed.mailOff ?? current?.mailOff ?? false,
      version: (current?.version ?? 0) + 1,
      // "" keeps the person out of the sparse digest index.
      digestShard: digest ? shardOf(userId, digestShards) : "",
    };
    const write = db().entities.notificationPreference.put({
      workspaceId,
      userId,
      ...values,
      digestDay: current?.digestDay ?? "",
    });
    const written = await unlessConditionFails(
      (current
        ? write.where((attr, op) => op.eq(attr.version, current.version))
        : write.where((attr, op) => op.notExists(attr.version))
      ).go(),
    );
    if (written) return toPreferencesInfo(written.data as NotificationPreferenceItem);
    if (tries >= 3) {
      throw new VisibleError(
        "changed_meanwhile",
        "Your notification settings were being changed elsewhere at the same time. Reload them and save again.",
      );
    }
  }
}
