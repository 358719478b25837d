import {
  composerOptions,
  type MediaPolicy,
  type NetworkDescription,
  networkIds,
  registry,
  textCountings,
} from "@cadence/networks";
import * as z from "zod";
import "../util/zod.ts";

const Budget = z.object({
  windowSeconds: z.number().int(),
  max: z.number().int().describe("Posts at most in one window"),
});

const MediaKindRule = z.object({
  mimeTypes: z.array(z.string()),
  maxBytes: z.number().int(),
  maxCount: z.number().int().optional(),
  alone: z.boolean().optional().describe("Cannot share a post with other media"),
  minDurationSeconds: z.number().optional(),
  maxDurationSeconds: z.number().optional(),
  aspectRatio: z
    .object({ min: z.number(), max: z.number() })
    .optional()
    .describe("Width divided by height"),
  codecs: z.array(z.string()).optional(),
});

const MediaRule = z.object({
  maxItems: z.number().int(),
  maxAltText: z.number().int().optional(),
  image: MediaKindRule.optional(),
  gif: MediaKindRule.optional(),
  video: MediaKindRule.optional(),
});

/** One network as people and the composer see it: no adapter, no secrets, only data. */
export const NetworkInfo = z
  .object({
    id: z.enum(networkIds),
    name: z.string(),
    color: z.string().describe("Brand colour, #rrggbb"),
    connect: z.object({
      method: z.enum(["oauth", "app_password"]),
      server: z.enum(["none", "optional", "required"]),
    }),
    text: z.object({
      maxLength: z.number().int(),
      counting: z.enum(textCountings),
      unit: z.string().describe('How the limit is counted, e.g. "characters (weighted)"'),
    }),
    media: z.object({
      maxItems: z.number().int(),
      required: z.boolean(),
      byPostType: z
        .record(z.string(), MediaRule)
        .describe('Media accepted per kind of post ("post" where the network has one kind)'),
    }),
    options: z.array(z.enum(composerOptions)),
    pacing: z.object({ perAccount: Budget, perApp: Budget.optional() }),
    capabilities: z.object({
      threads: z.boolean(),
      firstComment: z.boolean(),
      video: z.boolean(),
      metrics: z.boolean(),
      accountMetrics: z.boolean(),
      webhooks: z.boolean(),
      autorepostSource: z.boolean(),
      reconcile: z.boolean(),
    }),
  })
  .openapi("Network");
export type NetworkInfo = z.infer<typeof NetworkInfo>;

function mediaRule(policy: MediaPolicy): z.infer<typeof MediaRule> {
  return { maxItems: policy.maxItems, maxAltText: policy.maxAltText, ...policy.kinds };
}

function infoOf(description: NetworkDescription): NetworkInfo {
  const { rules } = description;
  return {
    id: description.id,
    name: description.displayName,
    color: description.color,
    connect: description.connect,
    text: { maxLength: rules.maxTextLength, ...description.text },
    media: {
      maxItems: rules.maxMedia,
      required: rules.requiresMedia,
      byPostType: Object.fromEntries(
        Object.entries(description.media).map(([type, policy]) => [type, mediaRule(policy)]),
      ),
    },
    options: [...description.options],
    pacing: description.pacing,
    capabilities: description.capabilities,
  };
}

/** Every network Cadence publishes to, in the registry's order, as `GET /networks` answers. */
export function catalogue(): NetworkInfo[] {
  return networkIds.map((id) => infoOf(registry[id]));
}
