import { Resource } from "sst";
import { VisibleError } from "../error/index.ts";

/** The Cadence site: its origins, and links into it that Cadence mails or redirects to. */
export namespace Site {
  /** The site's origin (when linked) and any listed in CADENCE_WEB_ORIGINS. */
  export function origins(): string[] {
    const listed = (process.env.CADENCE_WEB_ORIGINS ?? "")
      .split(",")
      .map((origin) => origin.trim())
      .filter((origin) => URL.canParse(origin))
      .map((origin) => new URL(origin).origin);
    try {
      listed.push(new URL(Resource.Web.url).origin);
    } catch {
      // The site is not linked to this function.
    }
    return [...new Set(listed)];
  }

  /**
   * A link Cadence mails with a secret appended (an invitation, a sign-up confirmation) must
   * point at the site itself: anything else would hand the secret to whoever wrote the link.
   */
  export function checkLink(raw: string | undefined, field: string): string | undefined {
    if (raw === undefined) return undefined;
    const url = URL.canParse(raw) ? new URL(raw) : undefined;
    if (!url || url.username || url.password || !origins().includes(url.origin)) {
      throw new VisibleError(
        "link_not_allowed",
        `${field} must be a page of the Cadence site (${origins()[0] ?? "its https address"}).`,
        field,
      );
    }
    return url.href;
  }

  /** The link with `token` added to its query. */
  export function withToken(link: string, token: string): string {
    const url = new URL(link);
    url.searchParams.set("token", token);
    return url.href;
  }
}
