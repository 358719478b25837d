import { createApp } from "../app.ts";
import { apiInfo, apiServers } from "./info.ts";

/** What the API publishes at /openapi.json, as one object. */
export function openApiDocument(): Record<string, unknown> {
  return createApp().getOpenAPI31Document({
    openapi: "3.1.0",
    info: apiInfo,
    servers: apiServers,
  }) as unknown as Record<string, unknown>;
}
