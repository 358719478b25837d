import { ScanCommand } from "@aws-sdk/client-dynamodb";
import { withActor } from "@cadence/core/actor";
import { dynamo } from "@cadence/core/db/client";
import { db } from "@cadence/core/db/service";
import { logger } from "@cadence/core/log";
import { handler as refreshTokens } from "@cadence/functions/cron/refresh-tokens";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { openVerifier } from "../../packages/core/src/connect/attempt.ts";
import { type ApiResponse, call, team } from "../support/api.ts";
import { authorizeOnNetwork, siteReturn, storedTokens, unique } from "../support/connecting.ts";

/**
 * A whole connect → pick → reconnect → refresh → disconnect run with every log line captured,
 * then a search for each secret that passed through it (tokens, app password, OAuth codes, PKCE
 * verifiers) in the raw table items, the API's answers and the logs.
 */
let ws: Awaited<ReturnType<typeof team>>;
const secrets = new Set<string>();
const answers: string[] = [];
const logLines: string[] = [];

async function api<T = Record<string, unknown>>(
  method: string,
  path: string,
  options: Parameters<typeof call>[2] = {},
): Promise<ApiResponse<T>> {
  const response = await call<T>(method, path, options);
  answers.push(response.text, JSON.stringify([...response.headers.entries()]));
  return response;
}

async function remember(accountId: string): Promise<void> {
  const tokens = await storedTokens(ws.workspaceId, accountId);
  for (const value of [tokens.accessToken, tokens.refreshToken]) if (value) secrets.add(value);
}

/** Start, note the attempt's PKCE verifier and the code, come back through the callback. */
async function connect(network: string, handle: string, path = "connections", body = {}) {
  const started = await api<{ attemptId: string; authorizationUrl: string }>(
    "POST",
    `/workspaces/${ws.workspaceId}/${path}`,
    { token: ws.owner.accessToken, body: { network, returnTo: siteReturn(), ...body } },
  );
  const attempt = (
    await db().entities.connectAttempt.get({ attemptId: started.body.attemptId }).go()
  ).data;
  if (attempt) secrets.add(await openVerifier(attempt));
  const back = await authorizeOnNetwork(started.body.authorizationUrl, handle);
  secrets.add(back.searchParams.get("code") ?? "");
  const answer = await api("GET", `${back.pathname}${back.search}`);
  return new URL(answer.headers.get("location") ?? "").searchParams;
}

beforeAll(async () => {
  ws = await team("secrets");
  logger.setLogLevel("DEBUG");
  const capture = (stream: NodeJS.WriteStream) =>
    vi.spyOn(stream, "write").mockImplementation((chunk: unknown) => {
      logLines.push(String(chunk));
      return true;
    });
  capture(process.stdout);
  capture(process.stderr);
  for (const method of ["log", "info", "warn", "error", "debug"] as const) {
    vi.spyOn(console, method).mockImplementation((...args: unknown[]) => {
      logLines.push(args.map(String).join(" "));
    });
  }

  const handle = unique("secret");
  const x = (await connect("x", handle)).get("connected") ?? "";
  await remember(x);

  const appPassword = `${unique("pw")}-app-pass`;
  secrets.add(appPassword);
  const bluesky = await api<{ account: { id: string } }>(
    "POST",
    `/workspaces/${ws.workspaceId}/connections`,
    {
      token: ws.owner.accessToken,
      body: { network: "bluesky", identifier: `${unique("sec")}.test`, appPassword },
    },
  );
  await remember(bluesky.body.account.id);

  const attemptId = (await connect("facebook", unique("secretfb"))).get("attempt") ?? "";
  const pending = await api<{ subAccounts: { externalId: string }[] }>(
    "GET",
    `/workspaces/${ws.workspaceId}/connections/${attemptId}`,
    { token: ws.owner.accessToken },
  );
  const pages = await api<{ items: { id: string }[] }>(
    "POST",
    `/workspaces/${ws.workspaceId}/connections/${attemptId}/accounts`,
    {
      token: ws.owner.accessToken,
      body: { externalIds: pending.body.subAccounts.map((s) => s.externalId) },
    },
  );
  for (const page of pages.body.items) await remember(page.id);

  await connect("x", handle, `accounts/${x}/reconnect`);
  await remember(x);
  const item = (
    await db().entities.credential.get({ workspaceId: ws.workspaceId, accountId: x }).go()
  ).data;
  await db()
    .entities.credential.patch({ workspaceId: ws.workspaceId, accountId: x })
    .set({
      refreshAt: new Date(Date.now() - 1000).toISOString(),
      refreshShard: item?.refreshShard ?? "0",
    })
    .go();
  await withActor({ type: "system", job: "test" }, () => refreshTokens());
  await remember(x);

  await api("GET", `/workspaces/${ws.workspaceId}/accounts`, { token: ws.owner.accessToken });
  await api("DELETE", `/workspaces/${ws.workspaceId}/accounts/${x}`, {
    token: ws.owner.accessToken,
  });
  secrets.delete("");
}, 120_000);

afterAll(() => {
  vi.restoreAllMocks();
  logger.setLogLevel("WARN");
});

describe("tokens stay secret", () => {
  it("went through a connect, pick, reconnect, refresh and disconnect", () => {
    // X before and after the reconnect and the refresh, Bluesky, two Pages; codes; verifiers.
    expect(secrets.size).toBeGreaterThanOrEqual(12);
    expect(logLines.some((line) => line.includes("account connected"))).toBe(true);
  });

  it("no raw table item contains any of them", async () => {
    const table = JSON.parse(process.env.SST_RESOURCE_Table ?? "{}").name as string;
    let start: Record<string, unknown> | undefined;
    let scanned = 0;
    do {
      const page = await dynamo.send(
        new ScanCommand({ TableName: table, ExclusiveStartKey: start as never }),
      );
      for (const raw of page.Items ?? []) {
        const text = JSON.stringify(raw);
        for (const secret of secrets) expect(text.includes(secret), text.slice(0, 200)).toBe(false);
      }
      scanned += page.Items?.length ?? 0;
      start = page.LastEvaluatedKey;
    } while (start);
    expect(scanned).toBeGreaterThan(0);
  });

  it("no API answer contains any of them", () => {
    const all = answers.join("\n");
    for (const secret of secrets) expect(all.includes(secret)).toBe(false);
  });

  it("no log line contains any of them", () => {
    const all = logLines.join("\n");
    for (const secret of secrets) expect(all.includes(secret)).toBe(false);
  });
});
