import { KMSClient } from "@aws-sdk/client-kms";
import { checkDependencies } from "@cadence/aws/health";
import { createApp } from "@cadence/functions/api/app";
import { describe, expect, it } from "vitest";

describe("GET /health", () => {
  it("reports every AWS dependency of the local stack as up", async () => {
    const response = await createApp().request("/health");
    const body = (await response.json()) as {
      status: string;
      dependencies: Record<string, { status: string; reason?: string }>;
    };
    for (const [name, dependency] of Object.entries(body.dependencies)) {
      expect({ name, ...dependency }).toMatchObject({ name, status: "up" });
    }
    expect({ status: response.status, body: body.status }).toEqual({ status: 200, body: "ok" });
    expect(Object.keys(body.dependencies).sort()).toEqual([
      "dynamodb",
      "kms",
      "s3",
      "scheduler",
      "sqs",
    ]);
  });

  it("reports a dependency down, with its reason, when it cannot be reached", async () => {
    // A real KMS client aimed at a port nothing listens on stands in for an outage.
    const unreachable = new KMSClient({ endpoint: "http://127.0.0.1:9", maxAttempts: 1 });
    const dependencies = await checkDependencies({ kms: unreachable });
    expect(dependencies.kms?.status).toBe("down");
    expect(dependencies.kms?.reason).toBeTruthy();
    expect(dependencies.dynamodb?.status).toBe("up");
    unreachable.destroy();
  });
});

describe("errors at the edge", () => {
  it("answers an unknown route with problem+json and a stable code", async () => {
    const response = await createApp().request("/no-such-route");
    expect(response.status).toBe(404);
    expect(response.headers.get("content-type")).toContain("application/problem+json");
    const body = (await response.json()) as { code: string; detail: string; requestId: string };
    expect(body.code).toBe("route_not_found");
    expect(body.detail).toContain("/no-such-route");
    expect(body.requestId).toBe(response.headers.get("x-request-id"));
  });

  it("serves an OpenAPI 3.1 document that lists /health, and a reference page", async () => {
    const app = createApp();
    const doc = (await (await app.request("/openapi.json")).json()) as {
      openapi: string;
      paths: Record<string, unknown>;
    };
    expect(doc.openapi).toBe("3.1.0");
    expect(doc.paths["/health"]).toBeDefined();
    const page = await app.request("/docs");
    expect(page.status).toBe(200);
    expect(await page.text()).toContain("/openapi.json");
  });
});
