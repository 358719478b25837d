import { ssmStageDirectory } from "@cadence/aws/stages";
import { relayCallback } from "@cadence/core/connect/relay";
import { Hono } from "hono";
import { handle } from "hono/aws-lambda";
import { html } from "hono/html";
import { Resource } from "sst";

/**
 * The OAuth relay (a function URL on production, infra/relay.ts): real networks send preview
 * stages' callbacks here, and it forwards each to the stage its `state` names.
 */
export function relayApp(directory = ssmStageDirectory(Resource.App.name)) {
  const app = new Hono();
  app.get("/connect/:network/callback", async (c) => {
    const outcome = await relayCallback({
      network: c.req.param("network"),
      query: new URL(c.req.url).searchParams,
      directory,
    });
    if (outcome.kind === "redirect") return c.redirect(outcome.location, 302);
    return c.html(
      html`<!doctype html><html lang="en"><head><meta charset="utf-8" /><title>Cadence</title></head><body><p>${outcome.message}</p></body></html>`,
      outcome.status,
    );
  });
  return app;
}

export const handler = handle(relayApp());
