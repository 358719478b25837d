import { createHash, randomBytes, timingSafeEqual } from "node:crypto";
import type { Context } from "hono";
import { escapeHtml, page } from "./pages.ts";
import type { SandboxNetwork, SandboxState } from "./state.ts";

/**
 * The parts of an OAuth 2.0 authorization server every sandbox network shares (RFC 6749 with
 * PKCE, RFC 7636): the consent screen, authorization codes bound to client, redirect URI and
 * code challenge, and client authentication at the token endpoint. Each network wraps these
 * in its own paths and error bodies.
 */

/** Query parameters of an authorize request that the consent form carries through. */
const carried = [
  "response_type",
  "client_id",
  "redirect_uri",
  "scope",
  "state",
  "code_challenge",
  "code_challenge_method",
];

export function consentPage(
  c: Context,
  input: {
    network: string;
    appName: string;
    scopes: string[];
    /** Network-specific parameters to carry through the form (Google's access_type). */
    carry?: string[];
    /** Markup shown above the buttons: the channels, boards or locations the person has. */
    details?: string;
  },
): Response {
  const query = new URL(c.req.url).searchParams;
  const hidden = [...carried, ...(input.carry ?? [])]
    .filter((name) => query.has(name))
    .map(
      (name) => `<input type="hidden" name="${name}" value="${escapeHtml(query.get(name) ?? "")}">`,
    )
    .join("");
  const scopes = input.scopes.map((s) => `<li><code>${escapeHtml(s)}</code></li>`).join("");
  return c.html(
    page(
      `Authorize ${input.appName} — ${input.network} (sandbox)`,
      `<h1>${escapeHtml(input.appName)} wants to use your ${escapeHtml(input.network)} account</h1>
<form method="post" action="${escapeHtml(new URL(c.req.url).pathname)}">
${hidden}
<p><label>Sign in as <input name="handle" value="${escapeHtml(query.get("login_hint") ?? "sandbox_user")}" autocomplete="username"></label></p>
<p>It will be able to:</p><ul>${scopes}</ul>
${input.details ?? ""}
<button type="submit" name="decision" value="authorize">Authorize</button>
<button type="submit" name="decision" value="deny">Cancel</button>
</form>`,
    ),
  );
}

/** An authorize request the sandbox refuses to show a form for (RFC 6749 §4.1.2.1: no redirect). */
export function authorizeRefused(c: Context, reason: string): Response {
  return c.html(
    page(
      "Authorization error (sandbox)",
      `<h1>Authorization error</h1><p>${escapeHtml(reason)}</p>`,
    ),
    400,
  );
}

/** Handles the consent form: a code and the state back to the redirect URI, or access_denied. */
export function consentAnswer(
  c: Context,
  state: SandboxState,
  network: SandboxNetwork,
  form: Record<string, string>,
  options: { codeLifetimeSeconds?: number; keep?: string[] } = {},
): Response {
  const redirect = new URL(form.redirect_uri ?? "");
  if (form.state) redirect.searchParams.set("state", form.state);
  if (form.decision !== "authorize") {
    redirect.searchParams.set("error", "access_denied");
    redirect.searchParams.set("error_description", "The user denied the request");
    return c.redirect(redirect.href, 302);
  }
  const account = state.account(network, (form.handle ?? "sandbox_user").trim() || "sandbox_user");
  const code = randomBytes(24).toString("base64url");
  state.codes.set(code, {
    network,
    accountId: account.id,
    clientId: form.client_id ?? "",
    redirectUri: form.redirect_uri ?? "",
    scopes: (form.scope ?? "").split(/[ +]/).filter(Boolean),
    codeChallenge: form.code_challenge,
    codeChallengeMethod: form.code_challenge_method,
    expiresAt: state.now() + (options.codeLifetimeSeconds ?? 600) * 1000,
    used: false,
    extra: Object.fromEntries(
      (options.keep ?? []).flatMap((name) => (form[name] ? [[name, form[name]]] : [])),
    ),
  });
  redirect.searchParams.set("code", code);
  return c.redirect(redirect.href, 302);
}

export type Redeemed =
  | { ok: true; accountId: string; scopes: string[]; extra: Record<string, string> }
  | { ok: false; reason: "unknown_code" | "client_mismatch" | "redirect_mismatch" | "pkce_failed" };

/** Redeems a code once: it must match the client, the redirect URI and the PKCE verifier. */
export function redeemCode(
  state: SandboxState,
  network: SandboxNetwork,
  input: { code?: string; clientId?: string; redirectUri?: string; codeVerifier?: string },
): Redeemed {
  const grant = input.code ? state.codes.get(input.code) : undefined;
  if (!grant || grant.network !== network || grant.used || grant.expiresAt < state.now()) {
    return { ok: false, reason: "unknown_code" };
  }
  grant.used = true;
  if (grant.clientId !== input.clientId) return { ok: false, reason: "client_mismatch" };
  if (grant.redirectUri !== input.redirectUri) return { ok: false, reason: "redirect_mismatch" };
  if (
    grant.codeChallenge !== undefined &&
    !pkceMatches(grant.codeChallenge, grant.codeChallengeMethod, input.codeVerifier)
  ) {
    return { ok: false, reason: "pkce_failed" };
  }
  return { ok: true, accountId: grant.accountId, scopes: grant.scopes, extra: grant.extra ?? {} };
}

/** S256: BASE64URL(SHA256(verifier)) equals the challenge (RFC 7636 §4.6). */
export function pkceMatches(
  challenge: string,
  method: string | undefined,
  verifier: string | undefined,
): boolean {
  if (!verifier || !/^[A-Za-z0-9\-._~]{43,128}$/.test(verifier)) return false;
  const expected =
    method === "plain" ? verifier : createHash("sha256").update(verifier).digest("base64url");
  const a = Buffer.from(expected);
  const b = Buffer.from(challenge);
  return a.length === b.length && timingSafeEqual(a, b);
}

/** Client credentials from HTTP Basic (form-encoded per RFC 6749 §2.3.1) or the body. */
export function clientCredentials(
  c: Context,
  form: Record<string, string>,
): { clientId?: string; clientSecret?: string } {
  const header = c.req.header("authorization");
  if (header?.toLowerCase().startsWith("basic ")) {
    const decoded = Buffer.from(header.slice(6), "base64").toString("utf8");
    const colon = decoded.indexOf(":");
    return {
      clientId: decodeURIComponent(decoded.slice(0, colon).replace(/\+/g, " ")),
      clientSecret: decodeURIComponent(decoded.slice(colon + 1).replace(/\+/g, " ")),
    };
  }
  return { clientId: form.client_id, clientSecret: form.client_secret };
}

/** Form, multipart or JSON body as flat strings; `name[]` fields become comma-free arrays. */
export async function readParams(c: Context): Promise<{
  fields: Record<string, string>;
  lists: Record<string, string[]>;
  files: Record<string, File>;
}> {
  const type = c.req.header("content-type") ?? "";
  const fields: Record<string, string> = {};
  const lists: Record<string, string[]> = {};
  const files: Record<string, File> = {};
  if (type.includes("application/json")) {
    const body = (await c.req.json().catch(() => ({}))) as Record<string, unknown>;
    for (const [key, value] of Object.entries(body)) {
      if (Array.isArray(value)) lists[key] = value.map(String);
      else if (value !== null && value !== undefined && typeof value !== "object")
        fields[key] = String(value);
    }
    return { fields, lists, files };
  }
  if (type.includes("form")) {
    const body = await c.req.parseBody({ all: true });
    for (const [rawKey, value] of Object.entries(body)) {
      const key = rawKey.replace(/\[\]$/, "");
      for (const item of Array.isArray(value) ? value : [value]) {
        if (item instanceof File) files[key] = item;
        else if (rawKey.endsWith("[]") || Array.isArray(value)) {
          lists[key] = [...(lists[key] ?? []), String(item)];
        } else fields[key] = String(item);
      }
    }
  }
  return { fields, lists, files };
}

/** The bearer token of a request, if any. */
export function bearerOf(c: Context): string | undefined {
  const header = c.req.header("authorization");
  return header?.toLowerCase().startsWith("bearer ") ? header.slice(7).trim() : undefined;
}
