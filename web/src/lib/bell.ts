import { client, ok } from "./api.ts";
import { byId } from "./dom.ts";

/**
 * The unread count on the top bar's bell, for the workspace the page is about. Read once per
 * page and again when the notifications page changes it; a failure leaves the bell bare rather
 * than breaking the page.
 */
export async function showUnread(workspaceId: string): Promise<void> {
  const badge = document.getElementById("bell-count");
  if (!badge) return;
  try {
    const { data } = await ok(
      client.GET("/workspaces/{workspaceId}/notifications/unread-count", {
        params: { path: { workspaceId } },
      }),
    );
    setUnread(data.unread);
  } catch {
    badge.hidden = true;
  }
}

export function setUnread(unread: number): void {
  const badge = byId("bell-count");
  badge.textContent = unread > 99 ? "99+" : String(unread);
  badge.hidden = unread === 0;
  byId("bell").setAttribute(
    "aria-label",
    unread === 0 ? "Notifications, none unread" : `Notifications, ${unread} unread`,
  );
}
