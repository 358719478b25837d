import { db } from "@cadence/core/db/service";
import { Hook } from "@cadence/core/hook";
import { beforeAll, describe, expect, it } from "vitest";
import { call, type Person, signUp } from "../support/api.ts";

let owner: Person;

beforeAll(async () => {
  owner = await signUp("limit");
}, 60_000);

async function freshWorkspace(name: string): Promise<string> {
  const created = await call<{ id: string }>("POST", "/workspaces", {
    token: owner.accessToken,
    body: { name, timeZone: "UTC" },
  });
  expect(created.status).toBe(201);
  return created.body.id;
}

/** Forty creates at once; the statuses sorted, and the codes of the refusals. */
async function createForty(workspaceId: string) {
  const answers = await Promise.all(
    Array.from({ length: 40 }, (_, i) =>
      call<{ id: string; code?: string }>("POST", `/workspaces/${workspaceId}/webhook-endpoints`, {
        token: owner.accessToken,
        body: { url: `https://hooks.example.com/${i}`, description: `race ${i}` },
      }),
    ),
  );
  return {
    created: answers.filter((a) => a.status === 201).map((a) => a.body.id),
    refused: answers.filter((a) => a.status !== 201),
  };
}

async function listed(workspaceId: string): Promise<string[]> {
  const answer = await call<{ items: { id: string }[] }>(
    "GET",
    `/workspaces/${workspaceId}/webhook-endpoints`,
    { token: owner.accessToken },
  );
  return answer.body.items.map((e) => e.id);
}

describe("the webhook endpoint limit holds under concurrency", () => {
  it("forty concurrent creates make exactly the limit, the rest a clear 409", {
    timeout: 60_000,
  }, async () => {
    const workspaceId = await freshWorkspace("limit race");
    const { created, refused } = await createForty(workspaceId);
    expect(created).toHaveLength(Hook.maxEndpoints);
    expect(refused).toHaveLength(40 - Hook.maxEndpoints);
    for (const answer of refused) {
      expect(answer.status).toBe(409);
      expect(answer.body.code).toBe("too_many_endpoints");
    }
    expect((await listed(workspaceId)).sort()).toEqual([...created].sort());

    // Deleting one frees exactly one place, however many race for it.
    const gone = await call(
      "DELETE",
      `/workspaces/${workspaceId}/webhook-endpoints/${created[0]}`,
      {
        token: owner.accessToken,
      },
    );
    expect(gone.status).toBe(204);
    const again = await createForty(workspaceId);
    expect(again.created).toHaveLength(1);
    expect(await listed(workspaceId)).toHaveLength(Hook.maxEndpoints);
    // A second delete of the same endpoint is a 404 and frees nothing.
    const twice = await call(
      "DELETE",
      `/workspaces/${workspaceId}/webhook-endpoints/${created[0]}`,
      { token: owner.accessToken },
    );
    expect(twice.status).toBe(404);
    const over = await call<{ code: string }>(
      "POST",
      `/workspaces/${workspaceId}/webhook-endpoints`,
      {
        token: owner.accessToken,
        body: { url: "https://hooks.example.com/one-more" },
      },
    );
    expect(over.body.code).toBe("too_many_endpoints");
  });

  it("a workspace whose endpoints predate the counter is counted before its first create", {
    timeout: 60_000,
  }, async () => {
    const workspaceId = await freshWorkspace("limit legacy");
    // Endpoints written as they were before the counter existed: no counter item beside them.
    for (let i = 0; i < Hook.maxEndpoints - 2; i += 1) {
      await db()
        .entities.hookEndpoint.create({
          workspaceId,
          endpointId: `hook_legacy${i}`,
          url: `https://legacy.example.com/${i}`,
          secretSealed: "sealed",
        })
        .go();
    }
    const { created } = await createForty(workspaceId);
    expect(created).toHaveLength(2);
    expect(await listed(workspaceId)).toHaveLength(Hook.maxEndpoints);
  });
});
