import * as z from "zod";
import { parseBody } from "../kit/json.ts";
import type { NetworkConfig } from "../types.ts";
import { createMastodonApi, mastodonName, mastodonScopes, serverOf } from "./api.ts";

const application = z.object({ client_id: z.string(), client_secret: z.string() });

/**
 * Registers Cadence as an app on a Mastodon server (POST /api/v1/apps). Every server needs its
 * own registration; the API layer calls this once per server, stores the result, and hands it
 * back through `NetworkConfig.clientFor`.
 */
export async function registerApp(
  config: NetworkConfig,
  server: string,
  website?: string,
): Promise<{ server: string; clientId: string; clientSecret: string }> {
  const base = serverOf(config, server);
  const api = createMastodonApi(config, base);
  const app = parseBody(
    mastodonName,
    "register app",
    application,
    await api.http.json({
      operation: "register app",
      url: api.url("/api/v1/apps"),
      form: {
        client_name: "Cadence",
        redirect_uris: config.redirectUri,
        scopes: mastodonScopes.join(" "),
        ...(website ? { website } : {}),
      },
    }),
  );
  return { server: base, clientId: app.client_id, clientSecret: app.client_secret };
}
