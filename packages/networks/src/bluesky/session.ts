import * as z from "zod";
import { parseBody } from "../kit/json.ts";
import type { TokenSet } from "../types.ts";
import { type BlueskyApi, blueskyName } from "./api.ts";

const session = z.object({
  accessJwt: z.string(),
  refreshJwt: z.string(),
  handle: z.string(),
  did: z.string(),
  didDoc: z
    .object({
      service: z
        .array(z.object({ id: z.string(), type: z.string(), serviceEndpoint: z.string() }))
        .optional(),
    })
    .passthrough()
    .optional(),
});

/**
 * Signs in with a handle (or email) and an app password: com.atproto.server.createSession.
 * The answer's DID document names the account's PDS; later calls go there.
 */
export async function createSession(
  api: BlueskyApi,
  identifier: string,
  password: string,
): Promise<TokenSet> {
  const body = await api.http.json({
    operation: "connect",
    url: api.xrpc("com.atproto.server.createSession"),
    json: { identifier, password },
  });
  return tokensOf(api, parseBody(blueskyName, "connect", session, body));
}

/** com.atproto.server.refreshSession with the refresh JWT; both JWTs are replaced. */
export async function refreshSession(api: BlueskyApi, tokens: TokenSet): Promise<TokenSet> {
  const body = await api.http.json({
    operation: "refresh token",
    method: "POST",
    url: api.xrpc("com.atproto.server.refreshSession"),
    bearer: tokens.refreshToken ?? tokens.accessToken,
  });
  return tokensOf(api, parseBody(blueskyName, "refresh token", session, body));
}

/** com.atproto.server.deleteSession with the refresh JWT ends the session. */
export async function deleteSession(api: BlueskyApi, tokens: TokenSet): Promise<void> {
  await api.http.send({
    operation: "revoke token",
    method: "POST",
    url: api.xrpc("com.atproto.server.deleteSession"),
    bearer: tokens.refreshToken ?? tokens.accessToken,
  });
}

function tokensOf(api: BlueskyApi, answer: z.infer<typeof session>): TokenSet {
  const pds = answer.didDoc?.service?.find((service) =>
    service.id.endsWith("#atproto_pds"),
  )?.serviceEndpoint;
  return {
    accessToken: answer.accessJwt,
    refreshToken: answer.refreshJwt,
    expiresAt: jwtExpiry(answer.accessJwt),
    refreshExpiresAt: jwtExpiry(answer.refreshJwt),
    // Session calls go back to the service signed in at (bsky.social's entryway); the rest to the PDS.
    context: {
      did: answer.did,
      handle: answer.handle,
      pds: pds ?? api.service,
      service: api.service,
    },
  };
}

/** The `exp` claim of a JWT, unverified: only used to schedule the next refresh. */
function jwtExpiry(jwt: string): string | undefined {
  try {
    const payload = JSON.parse(Buffer.from(jwt.split(".")[1] ?? "", "base64url").toString("utf8"));
    return typeof payload.exp === "number" ? new Date(payload.exp * 1000).toISOString() : undefined;
  } catch {
    return undefined;
  }
}
