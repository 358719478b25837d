import * as z from "zod";
import { actorRef, assertRole, useWorkspace } from "../actor/index.ts";
import type { ActivityItem } from "../db/entities/activity.ts";
import { db } from "../db/service.ts";
import { decodeCursor, encodeCursor } from "../util/cursor.ts";
import { fn } from "../util/fn.ts";
import { newId } from "../util/id.ts";
import "../util/zod.ts";

export namespace Activity {
  export const Info = z.object({
    id: z.string(),
    at: z.string(),
    actorType: z.enum(["user", "apikey", "system"]),
    actorId: z.string(),
    action: z.string(),
    subjectType: z.string(),
    subjectId: z.string(),
    summary: z.string(),
  });
  export type Info = z.infer<typeof Info>;

  export interface Entry {
    action: string;
    subjectType: string;
    subjectId: string;
    summary: string;
    data?: Record<string, unknown>;
    /** Defaults to the actor's workspace. */
    workspaceId?: string;
  }

  /** Appends one entry for the current actor. Call after the write it describes commits. */
  export async function record(entry: Entry): Promise<void> {
    const at = new Date().toISOString();
    await db()
      .entities.activity.create({
        workspaceId: entry.workspaceId ?? useWorkspace(),
        month: at.slice(0, 7),
        activityId: newId("act"),
        at,
        ...actorRef(),
        action: entry.action,
        subjectType: entry.subjectType,
        subjectId: entry.subjectId,
        summary: entry.summary,
        data: entry.data,
      })
      .go();
  }

  export const ListInput = z.object({
    subjectId: z.string().optional(),
    month: z
      .string()
      .regex(/^\d{4}-\d{2}$/, "use YYYY-MM")
      .optional(),
    limit: z.coerce.number().int().min(1).max(200).default(50),
    cursor: z.string().optional(),
  });

  /** Newest first: a month's log, or one subject's whole history. */
  export const list = fn(ListInput, async (input) => {
    assertRole("viewer");
    const workspaceId = useWorkspace();
    const month = input.month ?? new Date().toISOString().slice(0, 7);
    const scope = `activity:${workspaceId}:${input.subjectId ?? month}`;
    const cursor = decodeCursor(input.cursor, scope);
    const query = input.subjectId
      ? db().entities.activity.query.bySubject({ workspaceId, subjectId: input.subjectId })
      : db().entities.activity.query.byMonth({
          workspaceId,
          month: input.month ?? new Date().toISOString().slice(0, 7),
        });
    const page = await query.go({ order: "desc", limit: input.limit, cursor });
    return { items: page.data.map(toInfo), cursor: encodeCursor(page.cursor, scope) };
  });

  function toInfo(item: ActivityItem): Info {
    return {
      id: item.activityId,
      at: item.at,
      actorType: item.actorType,
      actorId: item.actorId,
      action: item.action,
      subjectType: item.subjectType,
      subjectId: item.subjectId,
      summary: item.summary,
    };
  }
}
