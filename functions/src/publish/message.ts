import { z } from "zod";

/** What each publish schedule sends to the queue: enough to find the target and check freshness. */
export const PublishMessage = z.object({
  workspaceId: z.string().min(1),
  targetId: z.string().min(1),
  version: z.number().int().nonnegative(),
});
export type PublishMessage = z.infer<typeof PublishMessage>;
