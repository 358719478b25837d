import { type Context, Hono } from "hono";
import { type Faults, faultGate } from "../faults.ts";
import { bearerOf } from "../oauth.ts";
import { escapeHtml, page, postArticle, timelinePage } from "../pages.ts";
import type { SandboxPost, SandboxState, SandboxToken } from "../state.ts";
import { linkedInMediaRoutes } from "./media.ts";
import { linkedInOAuthRoutes, personId } from "./oauth.ts";
import { LinkedInPeople } from "./people.ts";
import { linkedInPostRoutes, postOf } from "./posts.ts";
import { linkedInFaultAnswers, problem, unauthorized } from "./problems.ts";

type Env = { Variables: { token: SandboxToken } };

/** Versions LinkedIn has sunset answer 426; the sandbox serves 202406 onwards. */
const oldestVersion = 202406;

/**
 * The LinkedIn stand-in, mounted at /linkedin (www, api and upload hosts in one): OAuth under
 * /oauth/v2, /v2/userinfo, the versioned /rest API (LinkedIn-Version YYYYMM required; a sunset
 * version answers 426), organizationAcls with one page per member, Images, Videos, Posts,
 * comments and statistics, a page per post (/feed/update/<urn>/) and per account
 * (/timeline/<handle>).
 */
export function linkedInSandbox(state: SandboxState, faults: Faults): Hono<Env> {
  const app = new Hono<Env>();
  const people = new LinkedInPeople(state);
  const accountOf = (c: Context) => {
    const token = state.tokens.get(bearerOf(c) ?? "");
    return token?.network === "linkedin" ? token.accountId : undefined;
  };
  for (const path of ["/rest/*", "/v2/*"]) {
    app.use(path, faultGate("linkedin", faults, linkedInFaultAnswers, accountOf));
    app.use(path, async (c, next) => {
      const token = state.tokens.get(bearerOf(c) ?? "");
      if (token?.network !== "linkedin" || token.kind !== "access")
        return unauthorized(c, "invalid");
      if (token.revoked) return unauthorized(c, "revoked");
      if ((token.expiresAt ?? Number.POSITIVE_INFINITY) < state.now())
        return unauthorized(c, "expired");
      c.set("token", token);
      return next();
    });
  }
  app.use("/rest/*", async (c, next) => {
    const version = c.req.header("linkedin-version");
    if (!version) {
      return problem(
        c,
        400,
        "VERSION_MISSING",
        "A version must be present. Please specify a version by adding the LinkedIn-Version header.",
      );
    }
    if (!/^\d{6}(\.\d{2})?$/.test(version) || Number(version.slice(0, 6)) < oldestVersion) {
      return problem(c, 426, "NONEXISTENT_VERSION", `Requested version ${version} is not active`);
    }
    return next();
  });
  linkedInOAuthRoutes(app, state);
  const tokenOf = (c: Context) => c.get("token") as SandboxToken;

  app.get("/v2/userinfo", (c) => {
    const token = c.get("token");
    const member = state.accountById("linkedin", token.accountId);
    if (!member || !token.scopes.includes("openid") || !token.scopes.includes("profile")) {
      return problem(
        c,
        403,
        "ACCESS_DENIED",
        "Not enough permissions to access: userinfo.GET.NO_VERSION",
      );
    }
    const [given = "", ...family] = member.displayName.split(" ");
    return c.json({
      sub: personId(member),
      email_verified: true,
      name: member.displayName,
      locale: { country: "US", language: "en" },
      given_name: given,
      family_name: family.join(" "),
      picture: `${new URL(c.req.url).origin}/_sandbox/media/sample.png?width=100&height=100`,
    });
  });

  app.get("/rest/organizationAcls", (c) => {
    const token = c.get("token");
    const member = state.accountById("linkedin", token.accountId);
    if (c.req.query("q") !== "roleAssignee")
      return problem(c, 400, "ILLEGAL_ARGUMENT", "Unknown finder");
    if (
      !member ||
      !["rw_organization_admin", "r_organization_admin"].some((s) => token.scopes.includes(s))
    ) {
      return problem(
        c,
        403,
        "ACCESS_DENIED",
        "Not enough permissions to access: organizationAcls.FINDER-roleAssignee",
      );
    }
    const role = c.req.query("role");
    const org = people.organizationOf(member);
    const elements =
      role === undefined || role === "ADMINISTRATOR"
        ? [
            {
              roleAssignee: people.personUrn(member),
              state: "APPROVED",
              role: "ADMINISTRATOR",
              organization: `urn:li:organization:${org.id}`,
            },
          ]
        : [];
    return c.json({ paging: { start: 0, count: 10, links: [], total: elements.length }, elements });
  });

  app.get("/rest/organizations/:id", (c) => {
    const found = people.byUrn(`urn:li:organization:${c.req.param("id")}`);
    if (!found) return problem(c, 404, "NOT_FOUND", "Organization not found");
    return c.json({
      id: Number(found.account.id),
      localizedName: found.account.displayName,
      vanityName: found.account.handle,
      localizedWebsite: "https://example.com",
    });
  });

  linkedInMediaRoutes(app, state, faults, people, tokenOf);
  linkedInPostRoutes(app, state, faults, people, tokenOf);

  const web = (c: Context) => `${new URL(c.req.url).origin}/linkedin`;
  const linkOf = (c: Context) => (post: SandboxPost) => `${web(c)}/feed/update/${post.id}/`;
  const postPage = (c: Context) => {
    const post = postOf(state, c.req.param("urn") ?? "");
    if (!post) return c.html(page("Not found", "<h1>This post cannot be displayed</h1>"), 404);
    const comments = state.posts.filter((p) => p.replyTo === post.id);
    return c.html(
      page(
        `${post.handle} on LinkedIn (sandbox)`,
        `<h1>${escapeHtml(post.handle)}</h1>${[post, ...comments].map((p) => postArticle(state, p, linkOf(c)(p))).join("\n")}`,
      ),
    );
  };
  app.get("/feed/update/:urn", postPage);
  app.get("/feed/update/:urn/", postPage);
  app.get("/timeline/:handle", (c) => {
    const handle = c.req.param("handle");
    const account = state.accountByHandle("linkedin", handle);
    const posts = account ? state.postsOf("linkedin", account.id).filter((p) => !p.replyTo) : [];
    return c.html(
      timelinePage(state, {
        network: "linkedin",
        networkName: "LinkedIn",
        handle,
        posts,
        linkOf: linkOf(c),
      }),
    );
  });
  return app;
}
