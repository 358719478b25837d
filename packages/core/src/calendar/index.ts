import { DateTime } from "luxon";
import * as z from "zod";
import { assertRole, useWorkspace } from "../actor/index.ts";
import { type TargetItem, targetStates } from "../db/entities/target.ts";
import { db } from "../db/service.ts";
import { VisibleError } from "../error/index.ts";
import { decodeCursor, encodeCursor } from "../util/cursor.ts";
import { fn } from "../util/fn.ts";
import "../util/zod.ts";

/**
 * The calendar: a workspace's targets by due time. Served from the `calendar` index (gsi5),
 * partitioned by workspace and month, sorted by due time. The index holds keys only (the
 * publish path then writes a target without rewriting its calendar entry), so each page reads
 * its targets by primary key and filters apply to those whole items.
 */
export namespace Calendar {
  export const Input = z.object({
    from: z.iso.datetime({ offset: true }),
    to: z.iso.datetime({ offset: true }),
    accountId: z.string().max(64).optional(),
    network: z.string().max(40).optional(),
    tag: z.string().max(50).optional(),
    campaign: z.string().max(100).optional(),
    state: z.enum(targetStates).optional(),
    limit: z.coerce.number().int().min(1).max(1000).default(500),
    cursor: z.string().optional(),
  });

  export const Entry = z.object({
    targetId: z.string(),
    postId: z.string(),
    accountId: z.string(),
    network: z.string(),
    state: z.enum(targetStates),
    dueAt: z.string(),
    timeZone: z.string().nullable(),
    tags: z.array(z.string()),
    campaign: z.string().nullable(),
    url: z.string().nullable(),
    text: z.string(),
  });
  export type Entry = z.infer<typeof Entry>;

  export const list = fn(Input, async (input) => {
    assertRole("viewer");
    const workspaceId = useWorkspace();
    const from = DateTime.fromISO(input.from, { zone: "utc" });
    const to = DateTime.fromISO(input.to, { zone: "utc" });
    if (to <= from || to.diff(from, "days").days > 62) {
      throw new VisibleError(
        "invalid_period",
        "Ask for a range of up to 62 days, with `to` after `from`.",
        "to",
      );
    }
    const months: string[] = [];
    for (let m = from.startOf("month"); m < to; m = m.plus({ months: 1 }))
      months.push(m.toFormat("yyyy-MM"));

    // The cursor says which month the next page continues in, and where.
    const scope = `calendar:${workspaceId}:${input.from}:${input.to}`;
    const resume = decodeCursor(input.cursor, scope);
    const [resumeMonth, resumeCursor] = resume
      ? (JSON.parse(resume) as [string, string])
      : [months[0], undefined];
    const items: TargetItem[] = [];
    let nextCursor: string | null = null;
    const wanted = (t: TargetItem) =>
      (!input.accountId || t.accountId === input.accountId) &&
      (!input.network || t.network === input.network) &&
      (!input.state || t.state === input.state) &&
      (!input.campaign || t.campaign === input.campaign) &&
      (!input.tag || t.tags.includes(input.tag));
    pages: for (const month of months.slice(Math.max(0, months.indexOf(resumeMonth ?? "")))) {
      let cursor = month === resumeMonth ? resumeCursor : undefined;
      for (;;) {
        // Never more keys than the page still needs, so the index's cursor is where the next
        // page starts: filters apply to the whole items, after they are read.
        const page = await db()
          .entities.target.query.calendar({ workspaceId, dueMonth: month })
          .between({ dueAt: iso(from) }, { dueAt: iso(to) })
          .go({ limit: input.limit - items.length, cursor, hydrate: true });
        items.push(...page.data.filter(wanted));
        if (items.length >= input.limit) {
          const following = months[months.indexOf(month) + 1];
          if (page.cursor) nextCursor = encodeCursor(JSON.stringify([month, page.cursor]), scope);
          else if (following) nextCursor = encodeCursor(JSON.stringify([following, ""]), scope);
          break pages;
        }
        if (!page.cursor) break;
        cursor = page.cursor;
      }
    }
    return {
      items: items.map((t) => ({
        targetId: t.targetId,
        postId: t.postId,
        accountId: t.accountId,
        network: t.network,
        state: t.state,
        dueAt: t.dueAt ?? "",
        timeZone: t.timeZone ?? null,
        tags: t.tags,
        campaign: t.campaign ?? null,
        url: t.url ?? null,
        text: t.preview,
      })),
      cursor: nextCursor,
    };
  });

  function iso(value: DateTime): string {
    return value.toUTC().toISO({ suppressMilliseconds: true }) ?? "";
  }
}
