import * as z from "zod";
import type { PublishMessage } from "../ports.ts";
import "../util/zod.ts";

/** What each publish schedule sends to the queue: enough to find the target and check freshness. */
const Message = z.object({
  workspaceId: z.string().min(1),
  targetId: z.string().min(1),
  version: z.number().int().nonnegative(),
});

/** A queue message body as a publish message, or undefined when it is not one. */
export function readPublishMessage(body: string): PublishMessage | undefined {
  try {
    const parsed = Message.safeParse(JSON.parse(body));
    return parsed.success ? parsed.data : undefined;
  } catch {
    return undefined;
  }
}
