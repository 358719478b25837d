import * as z from "zod";
import type { TokenSet } from "../types.ts";
import { isNetworkError, NetworkError, type NetworkName } from "./error.ts";
import type { HttpClient, HttpRequest } from "./http.ts";
import { parseBody } from "./json.ts";

/**
 * Meta's login dialogs (Facebook Login at www.facebook.com/{version}/dialog/oauth, Business Login
 * for Instagram at www.instagram.com/oauth/authorize, Threads at threads.net/oauth/authorize):
 * client_id, redirect_uri, state, response_type=code and comma-separated scopes. None of the three
 * takes PKCE from a server-side web app, so the state alone ties the answer to the attempt.
 */
export function metaDialogUrl(
  endpoint: string,
  input: {
    clientId: string;
    redirectUri: string;
    state: string;
    scopes: string[];
    extra?: Record<string, string>;
  },
): URL {
  const url = new URL(endpoint);
  url.searchParams.set("client_id", input.clientId);
  url.searchParams.set("redirect_uri", input.redirectUri);
  url.searchParams.set("state", input.state);
  url.searchParams.set("response_type", "code");
  url.searchParams.set("scope", input.scopes.join(","));
  for (const [key, value] of Object.entries(input.extra ?? {})) url.searchParams.set(key, value);
  return url;
}

const tokenFields = z.object({
  access_token: z.string().min(1),
  token_type: z.string().optional(),
  expires_in: z.number().optional(),
  user_id: z.union([z.string(), z.number()]).optional(),
  permissions: z.union([z.string(), z.array(z.string())]).optional(),
});
// Business Login for Instagram wraps its answer in `data`; the other endpoints do not.
const tokenBody = z.union([tokenFields, z.object({ data: z.array(tokenFields).min(1) })]);

/**
 * One call to a Meta token endpoint: the code exchange, the short-to-long-lived exchange
 * (`fb_exchange_token`, `ig_exchange_token`, `th_exchange_token`) or a refresh
 * (`ig_refresh_token`, `th_refresh_token`). They answer `{access_token, token_type?, expires_in?,
 * user_id?, permissions?}` rather than RFC 6749's shape, and refuse in Meta's error shape, so they
 * go through the network's HTTP client. A refusal while connecting means "connect again"; while
 * refreshing it means the grant is gone.
 */
export async function metaToken(
  http: HttpClient,
  name: NetworkName,
  request: HttpRequest & { operation: "connect" | "refresh token" },
): Promise<{ tokens: TokenSet; userId?: string }> {
  let body: unknown;
  try {
    body = await http.json(request);
  } catch (error) {
    if (!isNetworkError(error) || error.kind === "transient") throw error;
    const connecting = request.operation === "connect";
    throw new NetworkError({
      network: name.network,
      kind: connecting ? "permanent" : "auth",
      operation: request.operation,
      status: error.status,
      code: error.code,
      detail: error.detail,
      userMessage: connecting
        ? `${name.displayName} did not accept the sign-in (it expired or was already used). Connect again.`
        : `${name.displayName} says Cadence's access was revoked or has expired. Reconnect the account.`,
      cause: error,
    });
  }
  const parsed = parseBody(name, request.operation, tokenBody, body);
  const fields = "data" in parsed ? parsed.data[0] : parsed;
  if (fields === undefined) throw new Error("unreachable: data has at least one element");
  const scopes =
    typeof fields.permissions === "string"
      ? fields.permissions.split(",").filter((scope) => scope !== "")
      : fields.permissions;
  return {
    tokens: {
      accessToken: fields.access_token,
      expiresAt:
        fields.expires_in === undefined
          ? undefined
          : new Date(Date.now() + fields.expires_in * 1000).toISOString(),
      scopes,
    },
    userId: fields.user_id === undefined ? undefined : String(fields.user_id),
  };
}
