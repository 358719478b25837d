import { describe, expect, it } from "vitest";
import { openApiDocument } from "./document.ts";

type Operation = { operationId?: string; tags?: string[]; security?: unknown[] };
const methods = ["get", "put", "post", "patch", "delete", "head", "options"];

function operations(): { method: string; path: string; operation: Operation }[] {
  const paths = openApiDocument().paths as Record<string, Record<string, Operation>>;
  return Object.entries(paths).flatMap(([path, item]) =>
    Object.entries(item)
      .filter(([method]) => methods.includes(method))
      .map(([method, operation]) => ({ method, path, operation })),
  );
}

// The site's client is generated from this document: an operation without an id or a tag has
// no name there and no place in the reference. A new route fails here until it has both.
describe("the OpenAPI document", () => {
  it("names every operation with a unique camelCase operationId", () => {
    const all = operations();
    expect(all.length).toBeGreaterThan(70);
    const unnamed = all.filter((o) => !o.operation.operationId).map((o) => `${o.method} ${o.path}`);
    expect(unnamed).toEqual([]);
    for (const { operation } of all) expect(operation.operationId).toMatch(/^[a-z][a-zA-Z]+$/);
    const ids = all.map((o) => o.operation.operationId);
    expect(new Set(ids).size).toBe(ids.length);
  });

  it("tags every operation", () => {
    const untagged = operations()
      .filter((o) => !o.operation.tags?.length)
      .map((o) => `${o.method} ${o.path}`);
    expect(untagged).toEqual([]);
  });

  it("says for every operation whether it needs a bearer token", () => {
    const silent = operations()
      .filter((o) => o.operation.security === undefined)
      .map((o) => `${o.method} ${o.path}`);
    expect(silent).toEqual([]);
  });
});
