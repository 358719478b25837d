import { afterAll, beforeAll, describe, expect, test } from "vitest";
import {
  eventually,
  expectAccessible,
  isFocused,
  latestMail,
  openPage,
  password,
  saveScreenshot,
  settled,
  signInInBrowser,
  signUpInBrowser,
  textOf,
  uniqueEmail,
} from "./support/browser.ts";
import { type Site, startSite } from "./support/site.ts";

let site: Site;
beforeAll(async () => {
  site = await startSite();
});
afterAll(async () => {
  await site?.close();
});

describe("getting in", () => {
  test("signing up lands in the app in the new personal workspace", async () => {
    const { context, page } = await openPage(site);
    await signUpInBrowser(page, { name: "Ada Lovelace", email: uniqueEmail("ada") });

    expect(new URL(page.url()).pathname).toBe("/app");
    await settled(page);
    await eventually(() => textOf(page.getByRole("heading", { level: 1 }))).toBe(
      "Ada Lovelace's workspace",
    );
    await eventually(() => textOf(page.locator("#workspace-name"))).toBe(
      "Ada Lovelace's workspace",
    );

    // Signed in, the landing page goes straight to the app.
    await page.goto("/");
    await page.waitForURL("**/app");
    await context.close();
  });

  test("a bad password is shown next to the field and sign-in errors at the top", async () => {
    const { context, page } = await openPage(site);
    await page.goto("/sign-up");
    await page.getByLabel("Your name").fill("Short");
    await page.getByLabel("Work email").fill(uniqueEmail("short"));
    await page.getByLabel("Password").fill("short");
    await page.getByRole("button", { name: "Create account" }).click();
    const passwordInput = page.getByLabel("Password");
    await eventually(() => passwordInput.getAttribute("aria-invalid")).toBe("true");
    await eventually(() => textOf(page.locator("[data-error-for=password]"))).toBe(
      "Use at least 10 characters.",
    );
    await eventually(() => isFocused(passwordInput)).toBe(true);

    await page.goto("/sign-in");
    await page.getByLabel("Email").fill(uniqueEmail("nobody"));
    await page.getByLabel("Password").fill("not the password");
    await page.getByRole("button", { name: "Sign in" }).click();
    await eventually(() => textOf(page.getByRole("alert"))).toContain(
      "The email or password is not right",
    );
    await expectAccessible(page, "sign-in with an error");
    await context.close();
  });

  test("a password is reset with the emailed code, then signing in takes the new one", async () => {
    const { context, page } = await openPage(site);
    const email = uniqueEmail("grace");
    await signUpInBrowser(page, { name: "Grace Hopper", email });
    await settled(page);

    // Sign out from the person's menu.
    await page.getByRole("button", { name: "Your account" }).click();
    await page.getByRole("button", { name: "Sign out", exact: true }).click();
    await page.waitForURL("**/sign-in");
    await eventually(() => textOf(page.locator("#sign-in-notice"))).toBe("You are signed out.");

    await page.getByRole("link", { name: "Forgot your password?" }).click();
    await page.waitForURL("**/reset");
    await page.getByLabel("Email").fill(email);
    await page.getByRole("button", { name: "Email me a code" }).click();
    await page.getByLabel("Code").waitFor();
    await expectAccessible(page, "reset, code step");
    await saveScreenshot(page, "reset-code-light");

    // A wrong code is refused next to the code field.
    await page.getByLabel("Code").fill("0000-0000-0000");
    await page.getByLabel("New password").fill("a brand new passphrase");
    const [, code] = await latestMail(email, /Your code is ([0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{4})/);
    if (code === "0000-0000-0000") throw new Error("unlucky code; rerun");
    await page.getByRole("button", { name: "Set new password" }).click();
    await eventually(() => textOf(page.locator("[data-error-for=code]"))).toBe(
      "That code is wrong or has expired. Ask for a new code.",
    );

    await page.getByLabel("Code").fill(code ?? "");
    await page.getByRole("button", { name: "Set new password" }).click();
    await page.waitForURL("**/sign-in?**");
    await eventually(() => textOf(page.locator("#sign-in-notice"))).toContain(
      "Your password is changed",
    );
    await eventually(() => page.getByLabel("Email").inputValue()).toBe(email);

    // The old password no longer works; the new one does.
    await page.getByLabel("Password").fill(password);
    await page.getByRole("button", { name: "Sign in" }).click();
    await eventually(() => textOf(page.getByRole("alert"))).toContain(
      "The email or password is not right",
    );
    await signInInBrowser(page, email, "a brand new passphrase");
    await settled(page);
    await eventually(() => textOf(page.locator("#workspace-name"))).toBe(
      "Grace Hopper's workspace",
    );
    await context.close();
  });

  test("signing out everywhere ends the session in every browser", async () => {
    const email = uniqueEmail("linus");
    const first = await openPage(site);
    await signUpInBrowser(first.page, { name: "Linus", email });
    const second = await openPage(site);
    await signInInBrowser(second.page, email);
    await settled(second.page);

    await second.page.getByRole("button", { name: "Your account" }).click();
    await second.page.getByRole("button", { name: "Sign out everywhere" }).click();
    const dialog = second.page.getByRole("dialog", { name: "Sign out everywhere?" });
    await dialog.getByRole("button", { name: "Sign out everywhere" }).click();
    await second.page.waitForURL("**/sign-in");

    // The other browser's next request finds its session over and goes to sign-in.
    await first.page.goto("/app/team");
    await first.page.waitForURL("**/sign-in?next=%2Fapp%2Fteam");
    await first.context.close();
    await second.context.close();
  });

  test("an app page without a session sends the visitor to sign in and back", async () => {
    const email = uniqueEmail("returning");
    const setup = await openPage(site);
    await signUpInBrowser(setup.page, { name: "Returning", email });
    await setup.context.close();

    const { context, page } = await openPage(site);
    await page.goto("/app/activity");
    await page.waitForURL("**/sign-in?next=%2Fapp%2Factivity");
    await page.getByLabel("Email").fill(email);
    await page.getByLabel("Password").fill(password);
    await page.getByRole("button", { name: "Sign in" }).click();
    await page.waitForURL("**/app/activity");
    await context.close();
  });
});

describe("the session", () => {
  test("an expired access token is refreshed once, transparently, and the refresh token rotates", async () => {
    const email = uniqueEmail("refresher");
    const { context, page } = await openPage(site);
    await signUpInBrowser(page, { name: "Refresher", email });
    await settled(page);
    const refreshCookie = async () =>
      (await context.cookies(`${site.api}/auth/refresh`)).find(
        (cookie) => cookie.name === "__Secure-cadence-refresh",
      );
    const before = await refreshCookie();
    // The refresh token is out of reach of the page's scripts.
    expect(before?.httpOnly).toBe(true);
    expect(before?.path).toBe("/auth/refresh");
    expect(await page.evaluate(() => document.cookie)).toBe("");
    expect(await page.evaluate(() => JSON.stringify(localStorage))).not.toContain(
      before?.value ?? "-",
    );

    // The API says the token expired (the browser's clock thought it was still good).
    let refused = 0;
    let refreshes = 0;
    page.on("request", (request) => {
      if (request.url() === `${site.api}/auth/refresh`) refreshes += 1;
    });
    await page.route(`${site.api}/me`, async (route) => {
      if (route.request().method() !== "GET" || refused > 0) return route.fallback();
      refused += 1;
      await route.fulfill({
        status: 401,
        headers: {
          "content-type": "application/problem+json",
          "access-control-allow-origin": site.web,
          "access-control-allow-credentials": "true",
        },
        body: JSON.stringify({ status: 401, code: "token_expired", detail: "expired" }),
      });
    });
    await page.goto("/app/team");
    await settled(page);
    await eventually(() => textOf(page.locator("#workspace-name"))).toBe("Refresher's workspace");
    expect({ refused, refreshes }).toEqual({ refused: 1, refreshes: 1 });
    const after = await refreshCookie();
    expect(after?.value).toBeTruthy();
    expect(after?.value).not.toBe(before?.value);
    await context.close();
  });

  test("when the refresh token is refused, the person is sent to sign in and told why", async () => {
    const { context, page } = await openPage(site);
    await signUpInBrowser(page, { name: "Stale", email: uniqueEmail("stale") });
    await page.evaluate(() => sessionStorage.clear());
    await context.addCookies([
      {
        name: "__Secure-cadence-refresh",
        value: "a-token-the-api-never-issued",
        domain: new URL(site.api).hostname,
        path: "/auth/refresh",
        httpOnly: true,
        secure: true,
        sameSite: "Strict",
      },
    ]);
    // The app redirects to sign-in as it loads, which aborts a wait for "load", and on a busy
    // machine may abort even the wait for the first response: the sign-in page is what counts.
    await page.goto("/app/settings", { waitUntil: "commit" }).catch((error: Error) => {
      if (!error.message.includes("net::ERR_ABORTED")) throw error;
    });
    await page.waitForURL("**/sign-in?next=%2Fapp%2Fsettings");
    await eventually(() => textOf(page.locator("#sign-in-notice"))).toBe(
      "Your session has ended. Sign in again to carry on.",
    );
    expect(await page.evaluate(() => localStorage.getItem("cadence.signed-in"))).toBeNull();
    await context.close();
  });

  test("when the API cannot be reached, screens say so and offer to try again", async () => {
    const { context, page } = await openPage(site);
    await signUpInBrowser(page, { name: "Offline", email: uniqueEmail("offline") });
    await settled(page);
    await page.route(`${site.api}/workspaces/**`, (route) => route.abort("connectionrefused"));
    await page.goto("/app/team");
    const failure = page.locator("#members [role=alert]");
    await eventually(() => textOf(failure)).toContain("Cadence cannot be reached");
    await expectAccessible(page, "team, API unreachable");
    await saveScreenshot(page, "team-error-light");

    await page.unroute(`${site.api}/workspaces/**`);
    await failure.getByRole("button", { name: "Try again" }).click();
    await eventually(() => page.locator("#members [data-member]").count()).toBe(1);
    await context.close();
  });
});
