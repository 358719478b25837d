import { createApp } from "@cadence/functions/api/app";

/**
 * Calls the API in process (the same Hono app Lambda runs) against the local stack, with JSON
 * in and out. Every test file gets one app.
 */
const app = createApp();

export interface ApiResponse<T = Record<string, unknown>> {
  status: number;
  headers: Headers;
  body: T;
  text: string;
}

export async function call<T = Record<string, unknown>>(
  method: string,
  path: string,
  options: { token?: string; body?: unknown; headers?: Record<string, string>; raw?: string } = {},
): Promise<ApiResponse<T>> {
  const headers: Record<string, string> = { ...options.headers };
  if (options.token) headers.authorization = `Bearer ${options.token}`;
  let body: string | undefined = options.raw;
  if (options.body !== undefined) {
    headers["content-type"] = "application/json";
    body = JSON.stringify(options.body);
  }
  const response = await app.request(path, { method, headers, body });
  const text = await response.text();
  let parsed: unknown = {};
  try {
    parsed = text ? JSON.parse(text) : {};
  } catch {
    parsed = { raw: text };
  }
  return { status: response.status, headers: response.headers, body: parsed as T, text };
}

let counter = 0;
export function uniqueEmail(label = "user"): string {
  counter += 1;
  return `${label}-${Date.now().toString(36)}-${counter}-${Math.random().toString(36).slice(2, 6)}@example.com`;
}

export const password = "correct horse battery staple";

export interface Person {
  email: string;
  userId: string;
  accessToken: string;
  refreshToken: string;
  /** Their personal workspace. */
  workspaceId: string;
}

/** The refresh token the API set as its HttpOnly cookie on an answer, if any. */
export function refreshCookieOf(response: ApiResponse<unknown>): string | undefined {
  for (const cookie of response.headers.getSetCookie()) {
    const match = /^__Secure-cadence-refresh=([^;]*)/.exec(cookie);
    if (match?.[1]) return decodeURIComponent(match[1]);
  }
  return undefined;
}

/** POST /auth/refresh as a browser sends it: the refresh token in its cookie. */
export function refresh<T = Record<string, unknown>>(refreshToken: string) {
  return call<T>("POST", "/auth/refresh", {
    headers: { cookie: `__Secure-cadence-refresh=${encodeURIComponent(refreshToken)}` },
  });
}

/** The token in the newest sign-up confirmation mailed to `email`. */
export async function signUpToken(email: string): Promise<string> {
  for (let attempt = 0; attempt < 50; attempt++) {
    const mail = (await mailTo(email)).find((item) => /sign-up token: |token=/.test(item.text));
    const token = /(?:sign-up token: |token=)([\w-]+)/.exec(mail?.text ?? "")?.[1];
    if (token) return token;
    await new Promise((done) => setTimeout(done, 50));
  }
  throw new Error(`no sign-up mail reached ${email}`);
}

/** Signs up through the real flow: the request, the mailed link, the confirmation. */
export async function signUp(label = "user", email = uniqueEmail(label)): Promise<Person> {
  const started = await call("POST", "/auth/sign-up", { body: { email, password, name: label } });
  if (started.status !== 202) {
    throw new Error(`sign-up failed: ${started.status} ${started.text}`);
  }
  const response = await call<{ accessToken: string; workspaceId: string; user: { id: string } }>(
    "POST",
    "/auth/sign-up/confirm",
    { body: { token: await signUpToken(email) } },
  );
  if (response.status !== 201) {
    throw new Error(`sign-up confirmation failed: ${response.status} ${response.text}`);
  }
  return {
    email,
    userId: response.body.user.id,
    accessToken: response.body.accessToken,
    refreshToken: refreshCookieOf(response) ?? "",
    workspaceId: response.body.workspaceId,
  };
}

/** Mail the stack sent to `to`, newest first, from the stage outbox (GET /outbox). */
export async function mailTo(to: string): Promise<{ subject: string; text: string }[]> {
  const response = await call<{ items: { subject: string; text: string }[] }>(
    "GET",
    `/outbox?to=${encodeURIComponent(to)}`,
  );
  if (response.status !== 200) throw new Error(`outbox: ${response.status} ${response.text}`);
  return response.body.items;
}

/**
 * A workspace with one person per role: the owner creates it and invites the others, who
 * accept through the real invitation flow.
 */
export async function team(label = "team") {
  const owner = await signUp(`${label}-owner`);
  const created = await call<{ id: string }>("POST", "/workspaces", {
    token: owner.accessToken,
    body: { name: `${label} workspace`, timeZone: "Europe/Berlin" },
  });
  const workspaceId = created.body.id;
  const members: Record<"admin" | "editor" | "viewer", Person> = {} as never;
  for (const role of ["admin", "editor", "viewer"] as const) {
    const person = await signUp(`${label}-${role}`);
    await call("POST", `/workspaces/${workspaceId}/invitations`, {
      token: owner.accessToken,
      body: { email: person.email, role },
    });
    const [mail] = await mailTo(person.email);
    const token = /token: (\S+)/.exec(mail?.text ?? "")?.[1];
    const accepted = await call("POST", "/invitations/accept", {
      token: person.accessToken,
      body: { token },
    });
    if (accepted.status !== 200) throw new Error(`accept failed: ${accepted.text}`);
    members[role] = person;
  }
  return { workspaceId, owner, ...members };
}
