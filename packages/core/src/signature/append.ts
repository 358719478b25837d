import { useWorkspace } from "../actor/index.ts";
import type { SignatureItem } from "../db/entities/signature.ts";
import { db } from "../db/service.ts";
import type { Overrides } from "../post/schema.ts";
import type { Schedule } from "../schedule/index.ts";

/** A signature goes after the text it signs, separated by a blank line. */
export const signatureSeparator = "\n\n";

export async function signaturesOfWorkspace(workspaceId: string): Promise<SignatureItem[]> {
  const result = await db().entities.signature.query.byWorkspace({ workspaceId }).go({
    pages: "all",
  });
  return result.data;
}

/** Account id → the signature appended to its posts. The oldest wins should two claim one. */
export function autoAppendByAccount(signatures: SignatureItem[]): Map<string, SignatureItem> {
  const byAccount = new Map<string, SignatureItem>();
  for (const signature of [...signatures].sort((a, b) =>
    a.signatureId.localeCompare(b.signatureId),
  )) {
    for (const accountId of signature.autoAppend) {
      if (!byAccount.has(accountId)) byAccount.set(accountId, signature);
    }
  }
  return byAccount;
}

/** The text with the signature after it, unless it already ends with it. */
export function appendSignature(text: string, signature: string): string {
  const body = text.trimEnd();
  const ending = signature.trim();
  if (body.endsWith(ending)) return text;
  return body ? `${body}${signatureSeparator}${ending}` : ending;
}

/**
 * Appends each account's auto-append signature to what that account will post (its override
 * text, else the post's text), so the network rules count it. It goes in once: text that already
 * ends with the signature is left alone, so re-editing or rescheduling never signs twice. Drafts
 * are not signed yet; they are when they get a schedule.
 *
 * `previousText` is the post's text before an edit: an override that was only that text plus
 * the signature follows the edited text instead of keeping the old one.
 */
export async function applySignatures<Target extends { accountId: string; overrides: Overrides }>(
  targets: Target[],
  post: { text: string; mode: Schedule.Intent["mode"]; previousText?: string },
  byAccount?: Map<string, SignatureItem>,
): Promise<Target[]> {
  const signatures = byAccount ?? autoAppendByAccount(await signaturesOfWorkspace(useWorkspace()));
  if (signatures.size === 0) return targets;
  return targets.map((target) => {
    const signature = signatures.get(target.accountId);
    if (!signature) return target;
    const own = target.overrides.text;
    const signedOldText =
      post.previousText !== undefined && own === appendSignature(post.previousText, signature.text);
    if (post.mode === "draft" && !signedOldText) return target;
    const base = own === undefined || signedOldText ? post.text : own;
    const text = appendSignature(base, signature.text);
    return text === own ? target : { ...target, overrides: { ...target.overrides, text } };
  });
}
