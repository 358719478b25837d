import { createApp } from "@cadence/functions/api/app";
import fc from "fast-check";
import { beforeAll, describe, expect, it } from "vitest";
import { call, type Person, signUp } from "../support/api.ts";

/**
 * Hostile input on every documented route: random and nasty path ids, bodies that are not JSON,
 * JSON of the wrong shape, odd headers. Whatever comes in, nothing answers 5xx and every error
 * is problem+json with a code.
 */
let routes: { method: string; path: string }[] = [];
let person: Person;

const hostileString = fc.oneof(
  fc.string({ maxLength: 40 }),
  fc.string({ unit: "grapheme", maxLength: 20 }),
  fc.constantFrom(
    "../../etc/passwd",
    "%00",
    "ws_01' OR '1'='1",
    "$" + "{jndi:ldap://x}", // a log-injection probe, kept literal
    "<script>alert(1)</script>",
    "\u0000\u202e",
    "a".repeat(5000),
    "ws#x#activity#2026-01",
    "__proto__",
  ),
);

const hostileBody = fc.oneof(
  fc.jsonValue().map((value) => ({ kind: "json" as const, value })),
  fc
    .dictionary(
      fc.constantFrom(
        "email",
        "password",
        "name",
        "role",
        "token",
        "version",
        "userId",
        "timeZone",
        "refreshToken",
        "code",
      ),
      fc.oneof(
        hostileString,
        fc.integer(),
        fc.double(),
        fc.boolean(),
        fc.constant(null),
        fc.array(fc.string()),
      ),
    )
    .map((value) => ({ kind: "json" as const, value })),
  fc.string({ maxLength: 200 }).map((value) => ({ kind: "raw" as const, value })),
  fc.constant({ kind: "none" as const }),
);

const hostileHeaders = fc.record(
  {
    "if-match": hostileString,
    "idempotency-key": hostileString,
    "content-type": fc.constantFrom(
      "application/json",
      "text/plain",
      "application/x-www-form-urlencoded",
      "multipart/form-data; boundary=x",
    ),
    "x-request-id": hostileString,
  },
  { requiredKeys: [] },
);

const safeHeader = (value: string) => value.replace(/[^\x20-\x7e]/g, "").slice(0, 500);

beforeAll(async () => {
  person = await signUp("fuzz");
  const doc = (await (await createApp().request("/openapi.json")).json()) as {
    paths: Record<string, Record<string, unknown>>;
  };
  routes = Object.entries(doc.paths).flatMap(([path, methods]) =>
    Object.keys(methods).map((method) => ({ method: method.toUpperCase(), path })),
  );
});

describe("hostile input", () => {
  it("no route answers 5xx, and every error is problem+json with a code", async () => {
    expect(routes.length).toBeGreaterThan(15);
    await fc.assert(
      fc.asyncProperty(
        fc.integer({ min: 0, max: 10_000 }),
        fc.array(hostileString, { minLength: 3, maxLength: 3 }),
        hostileBody,
        hostileHeaders,
        fc.constantFrom("valid", "garbage", "none", "apikey-like"),
        async (pick, ids, body, headers, auth) => {
          const route = routes[pick % routes.length]!;
          // Signing out would end the session the other cases use; those routes get garbage auth.
          const endsSession = route.path.startsWith("/auth/sign-out");
          const token =
            auth === "valid" && !endsSession
              ? person.accessToken
              : auth === "garbage"
                ? "x.y.z"
                : auth === "apikey-like"
                  ? "cad_key_0000.secret"
                  : undefined;
          let index = 0;
          const path = route.path.replace(/\{[^}]+\}/g, () =>
            encodeURIComponent(ids[index++] ?? "x"),
          );
          const requestHeaders: Record<string, string> = {};
          for (const [name, value] of Object.entries(headers))
            requestHeaders[name] = safeHeader(value);
          const response = await call(route.method, path, {
            token,
            headers: requestHeaders,
            raw:
              route.method === "GET"
                ? undefined
                : body.kind === "json"
                  ? JSON.stringify(body.value)
                  : body.kind === "raw"
                    ? body.value
                    : undefined,
          });
          const context = `${route.method} ${path.slice(0, 120)} → ${response.text.slice(0, 300)}`;
          expect(response.status, context).toBeLessThan(500);
          if (response.status >= 400) {
            expect(response.headers.get("content-type"), context).toContain(
              "application/problem+json",
            );
            expect(typeof response.body.code, context).toBe("string");
            expect(typeof response.body.detail, context).toBe("string");
          }
        },
      ),
      { numRuns: 600, seed: Number(process.env.FUZZ_SEED ?? Date.now() % 1_000_000) },
    );
  }, 300_000);
});
