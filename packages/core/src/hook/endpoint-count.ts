import { setTimeout as sleep } from "node:timers/promises";
import type { CreateEntityItem } from "electrodb";
import { ignoreCondition } from "../db/condition.ts";
import type { HookEndpointEntity } from "../db/entities/hook-endpoint.ts";
import { db } from "../db/service.ts";
import { VisibleError } from "../error/index.ts";

/**
 * The endpoint limit, kept atomic: each create and delete moves the workspace's counter in the
 * same transaction as the endpoint, and the create's counter write holds only while the count is
 * under the limit. A count read before the write would let forty concurrent creates all pass.
 */

/** A workspace's endpoints: enough for several systems, few enough to read whole per event. */
export const maxEndpoints = 10;

/** Tries of a transaction that another one on the same counter cancelled (TransactionConflict). */
const conflictTries = 12;

/**
 * Counts a workspace's endpoints once, for a workspace whose endpoints predate the counter. Only
 * the first writer's count stands (the put requires no counter yet); writes after it move it.
 */
async function ensureCounted(workspaceId: string): Promise<void> {
  const { hookEndpoint, hookEndpointCount } = db().entities;
  const found = await hookEndpointCount.get({ workspaceId }).go({ consistent: true });
  if (found.data) return;
  const existing = await hookEndpoint.query
    .byWorkspace({ workspaceId })
    .go({ pages: "all", consistent: true, attributes: ["endpointId"] });
  await hookEndpointCount
    .put({ workspaceId, count: existing.data.length })
    .where((attr, op) => op.notExists(attr.count))
    .go()
    .catch(ignoreCondition);
}

type Outcome = "committed" | "refused";

/**
 * Runs a counter-and-endpoint transaction: "refused" when the first write's condition did not
 * hold (the counter at the limit, or no endpoint to delete), and again,
 * after a short random wait, when a concurrent transaction on the counter cancelled it. Anything
 * else propagates.
 */
async function transact(write: () => Promise<{ canceled: boolean; data: unknown }>) {
  for (let tries = 1; ; tries += 1) {
    const result = await write();
    if (!result.canceled) return "committed" satisfies Outcome;
    const codes = (result.data as { code?: string }[]).map((r) => r.code ?? "None");
    if (codes[0] === "ConditionalCheckFailed") return "refused" satisfies Outcome;
    if (
      !codes.every((c) => c === "None" || c === "TransactionConflict") ||
      tries >= conflictTries
    ) {
      throw new VisibleError(
        "write_contended",
        "Many webhook endpoints were being changed at that moment. Try again in a few seconds.",
      );
    }
    await sleep(10 + Math.random() * 40 * tries);
  }
}

/** Creates the endpoint and counts it, or refuses with `too_many_endpoints` at the limit. */
export async function createCounted(
  item: CreateEntityItem<typeof HookEndpointEntity>,
): Promise<void> {
  const { workspaceId } = item;
  await ensureCounted(workspaceId);
  const outcome = await transact(() =>
    db()
      .transaction.write(({ hookEndpoint, hookEndpointCount }) => [
        hookEndpointCount
          .patch({ workspaceId })
          .add({ count: 1 })
          .where((attr, op) => op.lt(attr.count, maxEndpoints))
          .commit(),
        // A fresh id: its create cannot meet an item already there.
        hookEndpoint.create(item).commit(),
      ])
      .go(),
  );
  if (outcome === "refused") {
    throw new VisibleError(
      "too_many_endpoints",
      `A workspace can have ${maxEndpoints} webhook endpoints. Delete one you no longer use first.`,
    );
  }
}

/** Deletes the endpoint and uncounts it; false when there was no such endpoint. */
export async function removeCounted(workspaceId: string, endpointId: string): Promise<boolean> {
  await ensureCounted(workspaceId);
  const outcome = await transact(() =>
    db()
      .transaction.write(({ hookEndpoint, hookEndpointCount }) => [
        hookEndpoint
          .delete({ workspaceId, endpointId })
          .where((attr, op) => op.exists(attr.endpointId))
          .commit(),
        hookEndpointCount.patch({ workspaceId }).add({ count: -1 }).commit(),
      ])
      .go(),
  );
  return outcome === "committed";
}
