/** Signatures as the API appends them (packages/core signature/append.ts). */

/** The text with the signature after a blank line, unless it already ends with it. */
export function appendSignature(text: string, signature: string): string {
  const body = text.trimEnd();
  const ending = signature.trim();
  if (body.endsWith(ending)) return text;
  return body ? `${body}\n\n${ending}` : ending;
}
