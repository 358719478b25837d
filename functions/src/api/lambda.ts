import { handle } from "hono/aws-lambda";
import { createApp } from "./app.ts";

/** API Gateway (HTTP API, payload v2) entry point. */
export const handler = handle(createApp());
