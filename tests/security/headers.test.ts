import type { BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { signUpInBrowser, uniqueEmail } from "../browser/support/browser.ts";
import { type Site, startSite } from "../browser/support/site.ts";

// The headers as chromium receives them, from the built site (astro preview, configured as
// CloudFront is) and from the API.

let site: Site;

beforeAll(async () => {
  site = await startSite();
}, 300_000);

afterAll(async () => {
  await site?.close();
});

function expectSecurityHeaders(headers: Record<string, string>) {
  const csp = headers["content-security-policy"] ?? "";
  expect(csp).toMatch(/frame-ancestors 'none'/);
  const scripts = /script-src ([^;]*)/.exec(csp)?.[1] ?? /default-src ([^;]*)/.exec(csp)?.[1];
  expect(scripts).toBeDefined();
  expect(scripts).not.toContain("'unsafe-inline'");
  expect(headers["x-content-type-options"]).toBe("nosniff");
  expect(headers["strict-transport-security"]).toMatch(/max-age=\d{7,}/);
  expect(headers["referrer-policy"]).toBeTruthy();
  expect(headers["permissions-policy"]).toContain("camera=()");
}

/** A fresh profile with the site's policy enforced (the browser suite bypasses it for axe). */
async function openPage(site: Site): Promise<{ context: BrowserContext; page: Page }> {
  const context = await site.browser.newContext({ baseURL: site.web });
  context.setDefaultTimeout(10_000);
  return { context, page: await context.newPage() };
}

/** Collects the CSP violations chromium reports on a page. */
function violations(page: Page): string[] {
  const seen: string[] = [];
  page.on("console", (message) => {
    if (/Content Security Policy/i.test(message.text())) seen.push(message.text());
  });
  return seen;
}

describe("security headers", () => {
  it("the site's pages carry them, and every page runs without a CSP violation", async () => {
    const { context, page } = await openPage(site);
    const seen = violations(page);
    for (const path of ["/", "/sign-in", "/sign-up", "/reset"]) {
      const response = await page.goto(path);
      expectSecurityHeaders(response?.headers() ?? {});
    }
    // Signed in, the app's screens load their scripts under the same policy.
    await signUpInBrowser(page, { name: "Csp", email: uniqueEmail("csp") });
    // Routing turns chromium's HTTP cache off: a page revalidated from the cache (304) shows
    // only the headers the cache kept, and chromium does not keep HSTS there.
    await page.route("**/*", (route) => route.continue());
    for (const path of ["/app", "/app/compose", "/app/calendar", "/app/settings"]) {
      const response = await page.goto(path);
      expectSecurityHeaders(response?.headers() ?? {});
      await page.waitForLoadState("networkidle");
    }
    expect(seen).toEqual([]);
    await context.close();
  });

  it("an injected inline script does not run on the site", async () => {
    const { context, page } = await openPage(site);
    await page.goto("/sign-in");
    const ran = await page.evaluate(() => {
      const script = document.createElement("script");
      script.textContent = "window.__injected = true;";
      document.body.append(script);
      return (window as unknown as { __injected?: boolean }).__injected === true;
    });
    expect(ran).toBe(false);
    await context.close();
  });

  it("the site cannot be framed by another origin", async () => {
    const { context, page } = await openPage(site);
    // Another origin (the API's port) tries to frame the sign-in page.
    await page.goto(`${site.api}/health`);
    const framed = await page.evaluate(async (target) => {
      const frame = document.createElement("iframe");
      frame.src = target;
      document.body.append(frame);
      await new Promise((done) => setTimeout(done, 1500));
      try {
        return frame.contentDocument?.body?.textContent ?? "blocked";
      } catch {
        return "blocked";
      }
    }, `${site.web}/sign-in`);
    expect(framed).not.toContain("Sign in");
    await context.close();
  });

  it("the API's answers carry them", async () => {
    const { context, page } = await openPage(site);
    for (const path of ["/health", "/openapi.json", "/no-such-route"]) {
      const response = await page.goto(`${site.api}${path}`);
      expectSecurityHeaders(response?.headers() ?? {});
      expect(response?.headers()["content-security-policy"]).toContain("default-src 'none'");
    }
    await context.close();
  });

  it("the API allows credentials only to the site's origin", async () => {
    const { context, page } = await openPage(site);
    await page.goto(`${site.api}/health`);
    const fromSite = await fetch(`${site.api}/auth/refresh`, {
      method: "OPTIONS",
      headers: { origin: site.web, "access-control-request-method": "POST" },
    });
    expect(fromSite.headers.get("access-control-allow-origin")).toBe(site.web);
    expect(fromSite.headers.get("access-control-allow-credentials")).toBe("true");
    const fromElsewhere = await fetch(`${site.api}/auth/refresh`, {
      method: "OPTIONS",
      headers: { origin: "https://evil.example", "access-control-request-method": "POST" },
    });
    expect(fromElsewhere.headers.get("access-control-allow-origin")).toBeNull();
    await context.close();
  });
});
