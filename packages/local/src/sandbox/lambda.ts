import { handle } from "hono/aws-lambda";
import { sandboxApp } from "./index.ts";

/**
 * The sandbox networks as a Lambda behind a function URL, on non-production stages
 * (infra/networks.ts): the stage's network adapters take this URL as their base, so QA connects,
 * publishes and reads timelines without real network apps. Its accounts and posts live in this
 * instance's memory; infra keeps one instance (reserved concurrency 1), and an instance Lambda
 * recycles starts empty, so QA connects again after a quiet spell.
 */
export const handler = handle(sandboxApp());
