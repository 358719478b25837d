/** What the browser journeys share: fresh people, pages, the outbox, axe and screenshots. */
import { mkdir, readFile } from "node:fs/promises";
import { createRequire } from "node:module";
import { join, resolve } from "node:path";
import { HOST } from "@cadence/local/net";
import type { Browser, BrowserContext, Locator, Page } from "playwright-core";
import { expect } from "vitest";
import { call, mailTo, password, refreshCookieOf, uniqueEmail } from "../../support/api.ts";
import type { Site } from "./site.ts";

export { password, uniqueEmail };

const screenshots = resolve(import.meta.dirname, "../../artifacts/screenshots");

/** A fresh browser profile (its own storage, so its own session) on the site. */
export async function openPage(
  site: Site,
  options: { colorScheme?: "light" | "dark"; mobile?: boolean; timezoneId?: string } = {},
): Promise<{ context: BrowserContext; page: Page }> {
  const context = await (site.browser as Browser).newContext({
    baseURL: site.web,
    colorScheme: options.colorScheme ?? "light",
    viewport: options.mobile ? { width: 390, height: 844 } : { width: 1280, height: 860 },
    reducedMotion: "reduce",
    timezoneId: options.timezoneId,
    // axe-core is injected as an inline script, which the site's CSP rightly refuses.
    // tests/security/headers.test.ts opens its pages with the policy enforced.
    bypassCSP: true,
  });
  context.setDefaultTimeout(10_000);
  const page = await context.newPage();
  return { context, page };
}

export interface Person {
  name: string;
  email: string;
}

/** Signs up through the form and waits for the app (or `next`) to load. */
export async function signUpInBrowser(page: Page, person: Person): Promise<void> {
  await page.goto("/sign-up");
  await fillSignUp(page, person);
}

/** Fills and sends the sign-up form the page shows. */
export async function fillSignUp(page: Page, person: Person): Promise<void> {
  await page.getByLabel("Your name").fill(person.name);
  await page.getByLabel("Work email").fill(person.email);
  await page.getByLabel("Password").fill(password);
  await page.getByRole("button", { name: "Create account" }).click();
  // Hashing the password and mailing the link can take a while on a loaded machine.
  await page.getByText("Check your inbox").waitFor({ timeout: 30_000 });
  // The account is made by the link in the confirmation mail, as a person would open it.
  const link = await latestMail(person.email, /Confirm your email to finish signing up: (\S+)/);
  await page.goto(link[1] ?? "");
  await page.waitForURL((url) => url.pathname !== "/confirm-email");
}

export async function signInInBrowser(page: Page, email: string, secret = password) {
  await page.goto("/sign-in");
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Password").fill(secret);
  await page.getByRole("button", { name: "Sign in" }).click();
  await page.waitForURL("**/app");
}

/** The newest mail to `to` whose text matches, from the sandbox outbox. */
export async function latestMail(to: string, pattern: RegExp): Promise<RegExpExecArray> {
  for (let attempt = 0; attempt < 50; attempt += 1) {
    for (const mail of await mailTo(to)) {
      const match = pattern.exec(mail.text);
      if (match) return match;
    }
    await new Promise((done) => setTimeout(done, 100));
  }
  throw new Error(`no mail to ${to} matching ${pattern}`);
}

let axeSource: string | undefined;

/** Runs axe-core on the page; serious and critical violations fail the test. */
export async function expectAccessible(page: Page, screen: string): Promise<void> {
  axeSource ??= await readFile(
    createRequire(import.meta.url).resolve("axe-core/axe.min.js"),
    "utf8",
  );
  await page.addScriptTag({ content: axeSource });
  const violations = await page.evaluate(async () => {
    const axe = (window as unknown as { axe: { run(): Promise<AxeResults> } }).axe;
    const results = await axe.run();
    return results.violations
      .filter((v) => v.impact === "serious" || v.impact === "critical")
      .map(
        (v) =>
          `${v.id} (${v.impact}): ${v.help} — ${v.nodes.map((n) => n.target.join(" ")).join(", ")}`,
      );
  });
  expect(violations, `accessibility problems on ${screen}`).toEqual([]);
}

interface AxeResults {
  violations: { id: string; impact?: string; help: string; nodes: { target: string[] }[] }[];
}

export async function saveScreenshot(page: Page, name: string): Promise<void> {
  await mkdir(screenshots, { recursive: true });
  await page.screenshot({ path: join(screenshots, `${name}.png`), fullPage: true });
}

/** Waits until the app knows who is signed in and no panel is still loading. */
export async function settled(page: Page): Promise<void> {
  await page.waitForFunction(
    () =>
      document.querySelectorAll("[aria-busy=true]").length === 0 &&
      document.getElementById("workspace-name")?.textContent !== "Loading…",
  );
  if (new URL(page.url()).pathname === "/sign-in") throw new Error("the session ended");
}

/** Polls a value until the assertion holds (vitest's expect has no locator matchers). */
export function eventually<T>(read: () => Promise<T> | T) {
  return expect.poll(read, { timeout: 10_000, interval: 50 });
}

/** An element's text, trimmed, once it is on the page. */
export async function textOf(locator: Locator): Promise<string> {
  return ((await locator.textContent()) ?? "").trim();
}

export function isFocused(locator: Locator): Promise<boolean> {
  return locator.evaluate((element) => element === document.activeElement);
}

/**
 * Gives the browser its own session, signed in through the API (faster than the form). Each
 * call is a new session: refresh tokens rotate, so two browsers must never share one.
 */
export async function useSession(
  page: Page,
  person: { email: string },
  workspaceId?: string,
): Promise<void> {
  const session = await call("POST", "/auth/sign-in", {
    body: { email: person.email, password },
  });
  if (session.status !== 200) throw new Error(`sign-in failed: ${session.text}`);
  // The refresh token is an HttpOnly cookie of the API's origin, as the API would set it.
  await page.context().addCookies([
    {
      name: "__Secure-cadence-refresh",
      value: encodeURIComponent(refreshCookieOf(session) ?? ""),
      // The site and the API both listen on HOST; cookies do not tell ports apart.
      domain: HOST,
      path: "/auth/refresh",
      httpOnly: true,
      secure: true,
      sameSite: "Strict",
    },
  ]);
  await page.goto("/reset");
  await page.evaluate((workspace) => {
    localStorage.setItem("cadence.signed-in", "1");
    if (workspace) localStorage.setItem("cadence.workspace", workspace);
  }, workspaceId);
}

/** Calls the API from inside the page with the page's own session, as the site would. */
export function callFromPage(
  page: Page,
  api: string,
  method: string,
  path: string,
  body?: unknown,
): Promise<{ status: number; code?: string }> {
  return page.evaluate(
    async ({ api, method, path, body }) => {
      const stored = JSON.parse(sessionStorage.getItem("cadence.access") ?? "{}");
      const response = await fetch(`${api}${path}`, {
        method,
        headers: { authorization: `Bearer ${stored.token}`, "content-type": "application/json" },
        body: body === undefined ? undefined : JSON.stringify(body),
      });
      const problem = await response.json().catch(() => ({}));
      return { status: response.status, code: problem.code };
    },
    { api, method, path, body },
  );
}
