import { Account } from "@cadence/core/account";
import { withActor } from "@cadence/core/actor";
import type { Person } from "./api.ts";

/**
 * Records a connected social account as the connect flow does after the network confirmed it,
 * for tests of what comes after connecting (posts, queues, calendar).
 */
export async function connectAccount(
  owner: Person,
  workspaceId: string,
  network: string,
  options: { handle?: string; timeZone?: string; externalId?: string } = {},
): Promise<Account.Info> {
  const handle = options.handle ?? `${network}-${Math.random().toString(36).slice(2, 8)}`;
  return withActor(
    {
      type: "user",
      userId: owner.userId,
      email: owner.email,
      sessionId: "test",
      workspace: { workspaceId, role: "owner" },
    },
    () =>
      Account.connect({
        network,
        externalId: options.externalId ?? `ext-${handle}`,
        handle,
        displayName: handle,
        timeZone: options.timeZone,
      }),
  );
}
