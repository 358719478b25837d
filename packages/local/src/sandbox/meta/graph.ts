import { randomBytes } from "node:crypto";
import type { Context } from "hono";
import type { FaultAnswers } from "../faults.ts";
import { bearerOf } from "../oauth.ts";
import type { SandboxNetwork, SandboxState, SandboxToken } from "../state.ts";

/**
 * What the Facebook, Instagram and Threads stand-ins share, as Meta's Graph API behaves
 * (developers.facebook.com/docs/graph-api/guides/error-handling): errors as `{error: {message,
 * type, code, error_subcode, fbtrace_id}}` with HTTP 400 for refusals (190 for tokens), the
 * access token in `Authorization: Bearer` or an `access_token` parameter, throttling as codes
 * 4, 17, 32 or 613 with the wait in `X-Business-Use-Case-Usage`.
 */
export interface GraphErrorInput {
  message: string;
  code: number;
  subcode?: number;
  type?: string;
  userTitle?: string;
  userMessage?: string;
  transient?: boolean;
}

export function graphError(c: Context, status: number, error: GraphErrorInput): Response {
  return c.json(
    {
      error: {
        message: error.message,
        type: error.type ?? "OAuthException",
        code: error.code,
        ...(error.subcode === undefined ? {} : { error_subcode: error.subcode }),
        ...(error.userTitle ? { error_user_title: error.userTitle } : {}),
        ...(error.userMessage ? { error_user_msg: error.userMessage } : {}),
        ...(error.transient ? { is_transient: true } : {}),
        fbtrace_id: randomBytes(8).toString("base64url"),
      },
    },
    status as 400,
  );
}

/** A Graph parameter from the query or a form body (Graph takes either). */
export async function graphParam(c: Context, name: string): Promise<string | undefined> {
  const fromQuery = c.req.query(name);
  if (fromQuery !== undefined) return fromQuery;
  const type = c.req.header("content-type") ?? "";
  if (!type.includes("form")) return undefined;
  const body = await c.req.parseBody();
  const value = body[name];
  return typeof value === "string" ? value : undefined;
}

/** Form or multipart fields as strings (Hono caches the parsed body, so handlers can reread it). */
export async function graphForm(c: Context): Promise<Record<string, string>> {
  const type = c.req.header("content-type") ?? "";
  const fields: Record<string, string> = {};
  for (const [key, value] of new URL(c.req.url).searchParams) fields[key] = value;
  if (type.includes("form")) {
    for (const [key, value] of Object.entries(await c.req.parseBody())) {
      if (typeof value === "string") fields[key] = value;
    }
  }
  if (type.includes("application/json")) {
    const body = (await c.req.json().catch(() => ({}))) as Record<string, unknown>;
    for (const [key, value] of Object.entries(body)) {
      fields[key] = typeof value === "string" ? value : JSON.stringify(value);
    }
  }
  return fields;
}

export type TokenCheck =
  | { ok: true; value: string; token: SandboxToken }
  | { ok: false; response: Response };

/** The request's token, if it is a live one of this network. */
export async function graphToken(
  c: Context,
  state: SandboxState,
  network: SandboxNetwork,
): Promise<TokenCheck> {
  const value = bearerOf(c) ?? (await graphParam(c, "access_token"));
  const token = value ? state.tokens.get(value) : undefined;
  if (!value || !token || token.network !== network) {
    return {
      ok: false,
      response: graphError(c, 400, {
        message: value
          ? "Invalid OAuth access token - Cannot parse access token"
          : "An active access token must be used to query information about the current user.",
        code: value ? 190 : 2500,
      }),
    };
  }
  if (token.revoked) {
    return {
      ok: false,
      response: graphError(c, 400, {
        message: "Error validating access token: The user has not authorized application.",
        code: 190,
        subcode: 458,
      }),
    };
  }
  if ((token.expiresAt ?? Number.POSITIVE_INFINITY) < state.now()) {
    return {
      ok: false,
      response: graphError(c, 400, {
        message: "Error validating access token: Session has expired.",
        code: 190,
        subcode: 463,
      }),
    };
  }
  return { ok: true, value, token };
}

/** How each Meta network words an outage and throttling; refusals differ per network. */
export function metaFaultAnswers(
  throttle: { code: number; message: string; type: string },
  rejected: (c: Context) => Response,
): FaultAnswers {
  return {
    unavailable: (c) =>
      graphError(c, 503, {
        message: "Service temporarily unavailable",
        code: 2,
        type: "OAuthException",
        transient: true,
      }),
    rateLimited: (c, seconds) => {
      c.header(
        "x-business-use-case-usage",
        JSON.stringify({
          sandbox: [
            {
              type: throttle.type,
              call_count: 100,
              total_cputime: 20,
              total_time: 20,
              estimated_time_to_regain_access: Math.ceil(seconds / 60),
            },
          ],
        }),
      );
      return graphError(c, 400, { message: throttle.message, code: throttle.code });
    },
    rejected,
  };
}

/** `{data: [{name, period, values: [{value}], title, description, id}]}` for one object. */
export function insightsBody(id: string, metrics: Record<string, unknown>) {
  return {
    data: Object.entries(metrics).map(([name, value]) => ({
      name,
      period: "lifetime",
      values: [{ value }],
      title: name.replace(/_/g, " "),
      description: `Lifetime ${name.replace(/_/g, " ")} (sandbox)`,
      id: `${id}/insights/${name}/lifetime`,
    })),
  };
}

/** The fields a Graph request asks for (`fields=id,name,picture{url}`), top level only. */
export function requestedFields(c: Context): Set<string> {
  const raw = c.req.query("fields") ?? "";
  const fields = new Set<string>();
  let depth = 0;
  let current = "";
  for (const char of raw) {
    if (char === "{" || char === "(") depth += 1;
    if (char === "}" || char === ")") depth -= 1;
    if (char === "," && depth === 0) {
      fields.add(current.split(/[{.(]/)[0] ?? "");
      current = "";
    } else current += char;
  }
  if (current) fields.add(current.split(/[{.(]/)[0] ?? "");
  return fields;
}

/** Meta's short-lived tokens last an hour or two; long-lived ones 60 days. */
export const shortLivedSeconds = 3600;
export const longLivedSeconds = 60 * 24 * 3600;
