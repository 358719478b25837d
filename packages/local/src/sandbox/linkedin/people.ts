import type { Context } from "hono";
import type { SandboxAccount, SandboxState, SandboxToken } from "../state.ts";
import { accountOfPerson, personId } from "./oauth.ts";
import { problem } from "./problems.ts";

/**
 * Members and the organization page each administers on the sandbox LinkedIn: member "ada"
 * administers "Ada Company" (urn:li:organization:<id>). Acting as a URN needs the right scope:
 * w_member_social for the member, w_organization_social and the ADMINISTRATOR role for a page.
 */
export class LinkedInPeople {
  private readonly adminOf = new Map<string, string>();

  constructor(private readonly state: SandboxState) {}

  personUrn(account: SandboxAccount): string {
    return `urn:li:person:${personId(account)}`;
  }

  organizationOf(member: SandboxAccount): SandboxAccount {
    const org = this.state.account("linkedin", `${member.handle}-company`);
    org.displayName = `${member.displayName} Company`;
    this.adminOf.set(org.id, member.id);
    return org;
  }

  /** The account a URN names, if it is a member or an organization the sandbox knows. */
  byUrn(urn: string): { account: SandboxAccount; kind: "person" | "organization" } | undefined {
    const [, , type, id = ""] = urn.split(":");
    if (type === "person") {
      const account = accountOfPerson(this.state, id);
      return account ? { account, kind: "person" } : undefined;
    }
    const account = type === "organization" ? this.state.accountById("linkedin", id) : undefined;
    return account && this.adminOf.has(account.id) ? { account, kind: "organization" } : undefined;
  }

  /** The account a token may act as for `urn`, for writing (`w_…`) or reading (`r_…`). */
  actAs(
    c: Context,
    token: SandboxToken,
    urn: string,
    access: "write" | "read",
  ): SandboxAccount | Response {
    const found = this.byUrn(urn);
    const denied = (what: string) =>
      problem(c, 403, "ACCESS_DENIED", `Not enough permissions to access: ${what}`);
    if (!found) return denied(urn);
    if (found.kind === "person") {
      const scope = access === "write" ? "w_member_social" : "r_member_social";
      if (found.account.id !== token.accountId || !token.scopes.includes(scope)) {
        return denied(`${scope} for ${urn}`);
      }
      return found.account;
    }
    const scope = access === "write" ? "w_organization_social" : "r_organization_social";
    if (this.adminOf.get(found.account.id) !== token.accountId || !token.scopes.includes(scope)) {
      return denied(`${scope} for ${urn}`);
    }
    return found.account;
  }
}
