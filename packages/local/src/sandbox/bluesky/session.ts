import { createHmac, randomBytes } from "node:crypto";
import type { Context, Env, Hono } from "hono";
import { bearerOf } from "../oauth.ts";
import type { SandboxAccount, SandboxState } from "../state.ts";
import { xrpcError } from "./xrpc.ts";

const accessLifetimeSeconds = 2 * 3600;
const refreshLifetimeSeconds = 90 * 24 * 3600;
const signingKey = randomBytes(32);

/**
 * The PDS session methods (com.atproto.server.*): createSession with a handle and an app
 * password, refreshSession with the refresh JWT (rotated: the old one stops working),
 * getSession, deleteSession. Tokens are real HS256 JWTs with the PDS's scopes and expiry.
 */
export function sessionRoutes<E extends Env>(
  app: Hono<E>,
  state: SandboxState,
  pdsOf: (c: Context<E>) => string,
): void {
  app.post("/xrpc/com.atproto.server.createSession", async (c) => {
    const body = (await c.req.json().catch(() => ({}))) as {
      identifier?: string;
      password?: string;
    };
    if (!body.identifier || !body.password)
      return xrpcError(
        c,
        400,
        "InvalidRequest",
        'Input must have the properties "identifier" and "password"',
      );
    const account = state.account("bluesky", body.identifier.replace(/^@/, "").toLowerCase());
    // The first sign-in sets the app password; after a revocation a new one is accepted.
    if (
      account.password === undefined ||
      (account.password.startsWith("revoked:") && account.password !== `revoked:${body.password}`)
    ) {
      account.password = body.password;
    }
    if (account.password !== body.password)
      return xrpcError(c, 401, "AuthenticationRequired", "Invalid identifier or password");
    return c.json(sessionBody(state, account, pdsOf(c)));
  });

  app.post("/xrpc/com.atproto.server.refreshSession", (c) => {
    const jwt = bearerOf(c) ?? "";
    const token = state.tokens.get(jwt);
    if (token?.network !== "bluesky")
      return xrpcError(c, 400, "InvalidToken", "Token could not be verified");
    if (token.kind !== "refresh") return xrpcError(c, 400, "InvalidToken", "Invalid token type");
    if (token.revoked) return xrpcError(c, 400, "ExpiredToken", "Token has been revoked");
    if ((token.expiresAt ?? 0) < state.now())
      return xrpcError(c, 400, "ExpiredToken", "Token has expired");
    token.revoked = true;
    const account = state.accountById("bluesky", token.accountId);
    if (!account) return xrpcError(c, 400, "InvalidToken", "Token could not be verified");
    return c.json(sessionBody(state, account, pdsOf(c)));
  });

  app.post("/xrpc/com.atproto.server.deleteSession", (c) => {
    const token = state.tokens.get(bearerOf(c) ?? "");
    if (token?.network !== "bluesky" || token.kind !== "refresh")
      return xrpcError(c, 400, "InvalidToken", "Invalid token type");
    state.revokeAll("bluesky", token.accountId);
    return c.body(null, 200);
  });
}

function sessionBody(state: SandboxState, account: SandboxAccount, pds: string) {
  const now = Math.floor(state.now() / 1000);
  // A jti keeps two sessions issued in the same second distinct.
  const accessJwt = jwt({
    scope: "com.atproto.appPass",
    sub: account.id,
    aud: `did:web:${new URL(pds).hostname}`,
    jti: randomBytes(8).toString("base64url"),
    iat: now,
    exp: now + accessLifetimeSeconds,
  });
  const refreshJwt = jwt({
    scope: "com.atproto.refresh",
    sub: account.id,
    aud: `did:web:${new URL(pds).hostname}`,
    jti: randomBytes(16).toString("base64url"),
    iat: now,
    exp: now + refreshLifetimeSeconds,
  });
  const base = {
    network: "bluesky" as const,
    accountId: account.id,
    clientId: "app-password",
    scopes: [],
    revoked: false,
  };
  state.tokens.set(accessJwt, {
    ...base,
    kind: "access",
    expiresAt: (now + accessLifetimeSeconds) * 1000,
  });
  state.tokens.set(refreshJwt, {
    ...base,
    kind: "refresh",
    expiresAt: (now + refreshLifetimeSeconds) * 1000,
  });
  return {
    accessJwt,
    refreshJwt,
    handle: account.handle,
    did: account.id,
    didDoc: didDocument(account, pds),
    email: `${account.handle.split(".")[0]}@example.com`,
    emailConfirmed: true,
    active: true,
  };
}

export function didDocument(account: SandboxAccount, pds: string) {
  return {
    "@context": ["https://www.w3.org/ns/did/v1", "https://w3id.org/security/multikey/v1"],
    id: account.id,
    alsoKnownAs: [`at://${account.handle}`],
    verificationMethod: [],
    service: [{ id: "#atproto_pds", type: "AtprotoPersonalDataServer", serviceEndpoint: pds }],
  };
}

function jwt(payload: Record<string, unknown>): string {
  const header = Buffer.from(JSON.stringify({ typ: "at+jwt", alg: "HS256" })).toString("base64url");
  const body = Buffer.from(JSON.stringify(payload)).toString("base64url");
  const signature = createHmac("sha256", signingKey)
    .update(`${header}.${body}`)
    .digest("base64url");
  return `${header}.${body}.${signature}`;
}
