import type { AutorepostRuleItem } from "../db/entities/autorepost-rule.ts";
import { db } from "../db/service.ts";
import { VisibleError } from "../error/index.ts";

/**
 * Loops: a rule A→B beside a rule B→A would repost each post back and forth for ever. They are
 * refused when a rule is saved (a path from any target back to the source through the
 * workspace's other rules), and caught at run time: a post Cadence itself published as a repost
 * is never taken as a source post, whatever rules exist then.
 */

/** The rule (by name) that would close a loop through the given edges, or undefined. */
export function loopThrough(
  rule: { ruleId?: string; sourceAccountId: string; targetIds: string[] },
  others: Pick<AutorepostRuleItem, "ruleId" | "name" | "sourceAccountId" | "targets">[],
): string | undefined {
  const edges = new Map<string, { to: string[]; name: string }[]>();
  for (const other of others) {
    if (other.ruleId === rule.ruleId) continue;
    const to = (other.targets as { accountId: string }[]).map((t) => t.accountId);
    const list = edges.get(other.sourceAccountId) ?? [];
    list.push({ to, name: other.name });
    edges.set(other.sourceAccountId, list);
  }
  // Depth-first from each target: reaching the source again closes a loop.
  const visited = new Set<string>();
  const stack = rule.targetIds.map((id) => ({ id, via: "" }));
  while (stack.length) {
    const { id, via } = stack.pop() as { id: string; via: string };
    if (id === rule.sourceAccountId) return via;
    if (visited.has(id)) continue;
    visited.add(id);
    for (const edge of edges.get(id) ?? []) {
      for (const next of edge.to) stack.push({ id: next, via: via || edge.name });
    }
  }
  return undefined;
}

export function loopRefused(name: string): VisibleError {
  return new VisibleError(
    "autorepost_loop",
    `This rule and the rule “${name}” would repost each other's posts back and forth for ever. Remove one of the accounts, or change that rule first.`,
    "targets",
    { rule: name },
  );
}

/**
 * External ids of the posts Cadence published on this account for autorepost rules since a
 * time: the source posts a run must never take (they are reposts). One query of the account's
 * timeline and a read of each post's tags.
 */
export async function repostIdsOn(
  workspaceId: string,
  accountId: string,
  since: string,
): Promise<Set<string>> {
  // A repost is due before it is published: look back a day before the read starts.
  const from = new Date(Date.parse(since) - 86_400_000).toISOString();
  const targets = (
    await db()
      .entities.target.query.byAccount({ accountId })
      .gte({ dueAt: from })
      .go({ pages: "all", hydrate: true })
  ).data.filter((t) => t.workspaceId === workspaceId && t.externalId);
  const ids = new Set<string>();
  const postIds = [...new Set(targets.map((t) => t.postId))];
  const posts = postIds.length
    ? (
        await db()
          .entities.post.get(postIds.map((postId) => ({ workspaceId, postId })))
          .go()
      ).data
    : [];
  const reposts = new Set(posts.filter((p) => p.tags.includes("autorepost")).map((p) => p.postId));
  for (const target of targets) {
    if (reposts.has(target.postId) && target.externalId) ids.add(target.externalId);
  }
  return ids;
}
