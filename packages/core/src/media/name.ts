/**
 * Object keys use a plain-ASCII version of the file name: readable in the S3 console and safe in
 * URLs, headers and Content-Disposition, whatever the person named the file. The library shows
 * the name as given.
 */
export function safeFileName(fileName: string): string {
  const base = fileName.split(/[/\\]/).pop() ?? "";
  const dot = base.lastIndexOf(".");
  const ascii = (part: string) =>
    part
      .normalize("NFKD")
      .replace(/[\u0300-\u036f]/g, "")
      .replace(/[^A-Za-z0-9._-]+/g, "-")
      .replace(/-{2,}/g, "-")
      .replace(/^[-.]+|[-.]+$/g, "");
  const stem = ascii(dot > 0 ? base.slice(0, dot) : base)
    .slice(0, 80)
    .replace(/[-.]+$/, "");
  const extension =
    dot > 0
      ? ascii(base.slice(dot + 1))
          .slice(0, 10)
          .toLowerCase()
      : "";
  return `${stem || "file"}${extension ? `.${extension}` : ""}`;
}

/** Case- and accent-insensitive form for search. */
export function searchable(text: string): string {
  return text
    .normalize("NFKD")
    .replace(/[\u0300-\u036f]/g, "")
    .toLowerCase();
}

/** True when every word of the query appears in the name, the alt text or a tag. */
export function matchesQuery(
  item: { name: string; altText: string; tags: string[] },
  query: string | undefined,
): boolean {
  const terms = searchable(query ?? "")
    .split(/\s+/)
    .filter(Boolean);
  if (terms.length === 0) return true;
  const haystack = searchable([item.name, item.altText, ...item.tags].join("\n"));
  return terms.every((term) => haystack.includes(term));
}
