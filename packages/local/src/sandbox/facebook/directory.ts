import type { SandboxAccount, SandboxState, SandboxToken } from "../state.ts";

/**
 * Who owns what on the sandbox Facebook: every person manages two Pages ("<Name> News" and
 * "<Name> Shop"), the first linked to an Instagram business account. Page tokens belong to the
 * person who granted them (so revoking the person revokes them) and never expire, as Page tokens
 * read with a long-lived user token do.
 */
export class FacebookDirectory {
  private readonly pageOfToken = new Map<string, string>();
  private readonly ownerOfPage = new Map<string, string>();
  private readonly instagramOfPage = new Map<string, string>();

  constructor(private readonly state: SandboxState) {}

  pagesOf(user: SandboxAccount): SandboxAccount[] {
    const pages = ["news", "shop"].map((kind) => {
      const page = this.state.account("facebook", `${user.handle}.${kind}`);
      page.displayName = `${user.displayName} ${kind === "news" ? "News" : "Shop"}`;
      this.ownerOfPage.set(page.id, user.id);
      return page;
    });
    const [news] = pages;
    if (news) {
      const instagram = this.state.account("instagram", `${user.handle}.news`);
      instagram.displayName = `${user.displayName} News`;
      this.instagramOfPage.set(news.id, instagram.id);
    }
    return pages;
  }

  /** A Page token for the page, granted by the holder of `userToken`. */
  tokenFor(page: SandboxAccount, userToken: SandboxToken): string {
    const value = this.state.issueToken({
      network: "facebook",
      accountId: userToken.accountId,
      clientId: userToken.clientId,
      scopes: userToken.scopes,
      kind: "access",
    });
    this.pageOfToken.set(value, page.id);
    return value;
  }

  /** The Page a token acts for, or undefined for a user token. */
  pageOf(tokenValue: string): SandboxAccount | undefined {
    const id = this.pageOfToken.get(tokenValue);
    return id === undefined ? undefined : this.state.accountById("facebook", id);
  }

  isPage(id: string): boolean {
    return this.ownerOfPage.has(id) && this.state.accountById("facebook", id) !== undefined;
  }

  instagramOf(pageId: string): SandboxAccount | undefined {
    const id = this.instagramOfPage.get(pageId);
    return id === undefined ? undefined : this.state.accountById("instagram", id);
  }
}
