import type { ErrorReader, ErrorReading } from "./error.ts";

/**
 * Reads a failed response's body whatever its shape, before a network's own reader sees it.
 * Networks answer errors in their JSON, but their load balancers and proxies answer 5xx with
 * an HTML page, and some answer with nothing at all; a network's reader would make a code out
 * of markup (`html_head_title_503_service_temporarily_`). So:
 *
 * - an empty body: `http_<status>`, "an empty response";
 * - an HTML page: `http_<status>`, the page's title (or first heading), as plain text;
 * - JSON or plain text: the network's reader, with plain text cut to its first line; a code
 *   that is not a short token (a reader slugging a sentence) becomes `http_<status>`.
 */
export function readErrorBody(body: unknown, status: number, read: ErrorReader): ErrorReading {
  const statusCode = `http_${status}`;
  if (body === undefined || body === null || (typeof body === "string" && body.trim() === "")) {
    return { code: statusCode, detail: "an empty response" };
  }
  if (typeof body === "string" && looksLikeHtml(body)) {
    return { code: statusCode, detail: htmlHeadline(body) ?? "an HTML error page" };
  }
  const reading = read(typeof body === "string" ? firstLine(body) : body, status);
  return isCode(reading.code) ? reading : { ...reading, code: statusCode };
}

/**
 * Network error codes are short tokens of a few words: `invalid_grant`, `RateLimitExceeded`,
 * `190`, `http-503`, `internal_server_error`, Meta's code and subcode `190/458`. Five words or
 * more is a sentence made into one.
 */
function isCode(code: string): boolean {
  return /^[A-Za-z0-9][A-Za-z0-9_.:/-]{0,39}$/.test(code) && code.split(/[_.:/-]/).length <= 4;
}

function looksLikeHtml(text: string): boolean {
  return /^\s*(<!doctype html|<html|<head|<body|<title|<h1|<center)/i.test(text);
}

function htmlHeadline(html: string): string | undefined {
  for (const tag of ["title", "h1"]) {
    const match = new RegExp(`<${tag}[^>]*>([\\s\\S]*?)</${tag}>`, "i").exec(html);
    const text = match?.[1] ? plainText(match[1]) : "";
    if (text) return text.slice(0, 120);
  }
  return undefined;
}

function plainText(fragment: string): string {
  return fragment
    .replace(/<[^>]*>/g, " ")
    .replace(/&(amp|lt|gt|quot|#39|nbsp);/g, (_, name: string) =>
      name === "amp"
        ? "&"
        : name === "lt"
          ? "<"
          : name === "gt"
            ? ">"
            : name === "quot"
              ? '"'
              : name === "#39"
                ? "'"
                : " ",
    )
    .replace(/\s+/g, " ")
    .trim();
}

function firstLine(text: string): string {
  const line = text.trim().split(/\r?\n/, 1)[0] ?? "";
  return line.length > 200 ? `${line.slice(0, 199)}…` : line;
}
