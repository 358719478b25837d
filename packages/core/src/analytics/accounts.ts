import type { AccountMetrics } from "@cadence/networks";
import { DateTime } from "luxon";
import { withActor } from "../actor/index.ts";
import { Credential } from "../credential/index.ts";
import type { AccountItem } from "../db/entities/account.ts";
import { db } from "../db/service.ts";
import { adapterFor } from "../network/index.ts";
import { isConditionFailure } from "./reading.ts";

export type AccountOutcome = "measured" | "skipped" | "failed" | "unsupported";

/**
 * The accounts whose own figures are due in this hour's run: each account is read once a day,
 * in the hour its id hashes to, so a cron run reads about 1/24 of all accounts (about 420 of
 * 10,000), one call each, well inside every network's per-user limits. `workspaceId` reads a
 * workspace's accounts whatever their hour (tests, and the first reading after connecting).
 */
export async function accountsDue(now: number, workspaceId?: string): Promise<AccountItem[]> {
  const { account } = db().entities;
  const found = workspaceId
    ? (await account.query.byWorkspace({ workspaceId }).go({ pages: "all" })).data
    : (
        await account.query
          .byFiguresHour({ figuresHour: String(new Date(now).getUTCHours()).padStart(2, "0") })
          // gsi3 projects keys only: hydrate reads each account by its primary key.
          .go({ pages: "all", hydrate: true })
      ).data;
  return found.filter((a) => a.status === "active");
}

/**
 * Reads an account's followers, following and post count and files them on its rollup item of
 * the day (workspace zone). A figure the network does not report is left absent, never 0; an
 * older reading never overwrites a newer one of the same day.
 */
export async function recordAccountFigures(
  account: AccountItem,
  zone: string,
  now: number,
): Promise<AccountOutcome> {
  const adapter = adapterFor(account.network);
  if (!adapter.accountMetrics) return "unsupported";
  const read = adapter.accountMetrics.bind(adapter);
  return withActor(
    {
      type: "system",
      job: "ingest-metrics",
      workspace: { workspaceId: account.workspaceId },
    },
    async (): Promise<AccountOutcome> => {
      const tokens = await Credential.tokensFor(account.workspaceId, account.accountId);
      const figures = await read({ tokens, accountId: account.externalId });
      await fileAccountFigures(account, zone, new Date(now).toISOString(), figures);
      return "measured";
    },
  );
}

export async function fileAccountFigures(
  account: Pick<AccountItem, "workspaceId" | "accountId">,
  zone: string,
  measuredAt: string,
  figures: AccountMetrics,
): Promise<void> {
  const reported = {
    ...(validCount(figures.followers) ? { followers: figures.followers } : {}),
    ...(validCount(figures.following) ? { following: figures.following } : {}),
    ...(validCount(figures.posts) ? { postCount: figures.posts } : {}),
  };
  const day = DateTime.fromISO(measuredAt, { zone: "utc" }).setZone(zone).toFormat("yyyy-LL-dd");
  await db()
    .entities.rollup.upsert({
      workspaceId: account.workspaceId,
      dimension: "account",
      key: account.accountId,
      day,
    })
    .set({ ...reported, accountMeasuredAt: measuredAt })
    .where(
      (attr, op) =>
        `${op.notExists(attr.accountMeasuredAt)} OR ${op.lt(attr.accountMeasuredAt, measuredAt)}`,
    )
    .go()
    .catch((error: unknown) => {
      // A newer reading of the day is already there: this one is late and changes nothing.
      if (!isConditionFailure(error)) throw error;
    });
}

function validCount(value: number | undefined): value is number {
  return typeof value === "number" && Number.isFinite(value) && value >= 0;
}
