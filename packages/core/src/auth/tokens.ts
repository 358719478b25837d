import { errors, jwtVerify, SignJWT } from "jose";
import { Resource } from "sst";
import { VisibleError } from "../error/index.ts";

/** Access tokens live 15 minutes; refresh tokens rotate and live 30 days. */
export const accessTokenTtlSeconds = 15 * 60;
export const refreshTokenTtlSeconds = 30 * 24 * 60 * 60;
const issuer = "cadence";
const audience = "cadence-api";

export interface AccessClaims {
  userId: string;
  email: string;
  sessionId: string;
  tokenVersion: number;
}

function key(): Uint8Array {
  return new TextEncoder().encode(Resource.AuthSecret.value);
}

export async function signAccessToken(claims: AccessClaims): Promise<string> {
  return new SignJWT({ email: claims.email, sid: claims.sessionId, tv: claims.tokenVersion })
    .setProtectedHeader({ alg: "HS256", typ: "JWT" })
    .setSubject(claims.userId)
    .setIssuer(issuer)
    .setAudience(audience)
    .setIssuedAt()
    .setExpirationTime(`${accessTokenTtlSeconds}s`)
    .sign(key());
}

export async function verifyAccessToken(token: string): Promise<AccessClaims> {
  try {
    const { payload } = await jwtVerify(token, key(), { issuer, audience, algorithms: ["HS256"] });
    if (
      typeof payload.sub !== "string" ||
      typeof payload.email !== "string" ||
      typeof payload.sid !== "string" ||
      typeof payload.tv !== "number"
    ) {
      throw new errors.JWTInvalid("missing claims");
    }
    return {
      userId: payload.sub,
      email: payload.email,
      sessionId: payload.sid,
      tokenVersion: payload.tv,
    };
  } catch (error) {
    const expired = error instanceof errors.JWTExpired;
    throw new VisibleError(
      expired ? "token_expired" : "unauthenticated",
      expired
        ? "Your session token has expired. Refresh it with POST /auth/refresh or sign in again."
        : "The access token is not valid. Sign in again.",
    );
  }
}
