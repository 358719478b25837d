import { Notification } from "@cadence/core/notification";
import { wire } from "../wire.ts";

wire();

/** Every half hour: the daily digest to each person whose local time is 08:00–08:29. */
export async function handler(): Promise<{ sent: number }> {
  return Notification.sendDigest();
}
