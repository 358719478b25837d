import { lookup as systemLookup } from "node:dns";
import { isIP, type LookupFunction } from "node:net";
import ipaddr from "ipaddr.js";
import type { Agent, fetch as undiciFetch } from "undici";

/**
 * The one guard for fetching a URL that a person or a network chose (media imports, link
 * previews, Mastodon/Bluesky servers, later webhooks and feeds). Cadence's backend runs inside a
 * cloud network, so such a URL must never reach loopback services, the instance metadata address
 * or anything else private:
 *
 * - https only; plain http (and private addresses) only for origins the local/test configuration
 *   names in CADENCE_OUTBOUND_ALLOW (the sandbox on 127.0.0.1), never "loopback is fine";
 * - every address a name resolves to must be global unicast (ipaddr.js classifies it). The check
 *   runs inside undici's connect step, on the very address the socket then uses, so a name that
 *   answers differently the second time (DNS rebinding) gains nothing;
 * - redirects are followed by hand, at most `maxRedirects`, each hop checked again;
 * - time and size are capped, and failures say only which rule stopped the request: a refused
 *   connection, a timeout and a TLS failure all read "unreachable", and the remote's text is
 *   never carried into an error.
 *
 * request-filtering-agent and ssrf-req-filter do the address check for node:http agents, not for
 * undici's fetch, hence this small module around undici's own `connect.lookup` hook.
 */

export type OutboundRefusal =
  | "invalid_url"
  | "scheme_not_allowed"
  | "address_not_allowed"
  | "too_many_redirects"
  | "too_large"
  | "unexpected_type"
  | "unreachable"
  | "bad_status";

const sentences: Record<OutboundRefusal, string> = {
  invalid_url: "the address is not a valid URL",
  scheme_not_allowed: "only https addresses can be fetched",
  address_not_allowed: "the address is not a public internet address",
  too_many_redirects: "it redirects too many times",
  too_large: "the file is larger than allowed",
  unexpected_type: "it is not the expected kind of file",
  unreachable: "it could not be reached",
  bad_status: "it did not answer with the file",
};

/** Why a guarded fetch stopped, as a code and a sentence fit to show (no remote text in it). */
export class OutboundError extends Error {
  constructor(
    readonly reason: OutboundRefusal,
    readonly status?: number,
  ) {
    super(sentences[reason]);
    this.name = "OutboundError";
  }
}

export const outboundLimits = { maxRedirects: 3, timeoutMs: 15_000 } as const;

type Resolver = (hostname: string) => Promise<string[]>;

const systemResolver: Resolver = (hostname) =>
  new Promise((resolve, reject) => {
    systemLookup(hostname, { all: true, verbatim: true }, (error, addresses) =>
      error ? reject(error) : resolve(addresses.map((entry) => entry.address)),
    );
  });

let resolver: Resolver = systemResolver;
let allowedOrigins: Set<string> | undefined;

/**
 * Tests replace name resolution (a name that resolves to loopback) and add origins of their own
 * local servers to the configured allow list; `{}` restores the defaults.
 */
export function configureOutbound(options: { resolve?: Resolver; allowOrigins?: string[] }): void {
  resolver = options.resolve ?? systemResolver;
  allowedOrigins = options.allowOrigins ? new Set(options.allowOrigins.map(originOf)) : undefined;
  guardedAgent = undefined;
}

function originOf(url: string): string {
  return new URL(url).origin;
}

function allowList(): Set<string> {
  allowedOrigins ??= new Set();
  const configured = (process.env.CADENCE_OUTBOUND_ALLOW ?? "")
    .split(",")
    .map((origin) => origin.trim())
    .filter((origin) => URL.canParse(origin))
    .map(originOf);
  return new Set([...configured, ...allowedOrigins]);
}

/** True when an address is global unicast: not private, loopback, link-local, CGNAT, ULA, … */
export function isPublicAddress(address: string): boolean {
  const bare = address.replace(/^\[|\]$/g, "");
  if (!ipaddr.isValid(bare)) return false;
  // process() turns ::ffff:127.0.0.1 into 127.0.0.1, so mapped addresses get the IPv4 verdict.
  return ipaddr.process(bare).range() === "unicast";
}

/** The checks that need no network: scheme, credentials in the URL, literal addresses. */
export function checkOutboundUrl(raw: string | URL): URL {
  const text = String(raw);
  if (!URL.canParse(text)) throw new OutboundError("invalid_url");
  // WHATWG parsing already turned decimal, octal and hex IPv4 spellings into dotted quads.
  const url = new URL(text);
  if (url.username || url.password) throw new OutboundError("invalid_url");
  if (allowList().has(url.origin)) return url;
  if (url.protocol !== "https:") throw new OutboundError("scheme_not_allowed");
  const host = url.hostname.replace(/^\[|\]$/g, "");
  if (isIP(host) && !isPublicAddress(host)) throw new OutboundError("address_not_allowed");
  if (/^localhost$|\.localhost$/i.test(host)) throw new OutboundError("address_not_allowed");
  return url;
}

class AddressRefused extends Error {}

/** node:net's lookup contract, answered from the resolver with every address checked. */
const checkedLookup: LookupFunction = (hostname, options, callback) => {
  resolver(hostname).then(
    (addresses) => {
      if (addresses.length === 0 || !addresses.every(isPublicAddress)) {
        callback(new AddressRefused("address not allowed"), "", 0);
        return;
      }
      const entries = addresses.map((address) => ({ address, family: isIP(address) }));
      const wanted = options.family ? entries.filter((e) => e.family === options.family) : entries;
      const first = wanted[0];
      if (!first) {
        callback(new Error("no address of the wanted family"), "", 0);
        return;
      }
      if (options.all) (callback as unknown as (e: null, a: typeof entries) => void)(null, wanted);
      else callback(null, first.address, first.family);
    },
    (error: Error) => callback(error, "", 0),
  );
};

let guardedAgent: Agent | undefined;
let plainAgent: Agent | undefined;

// undici is most of a network adapter's weight (about 750 KB bundled): loaded by the first
// guarded fetch, so a function that never fetches a user's URL never reads it.
let undici: Promise<typeof import("undici")> | undefined;
function loadUndici() {
  undici ??= import("undici");
  return undici;
}

function dispatcherFor(url: URL, { Agent }: typeof import("undici")): Agent {
  if (allowList().has(url.origin)) {
    plainAgent ??= new Agent();
    return plainAgent;
  }
  guardedAgent ??= new Agent({ connect: { lookup: checkedLookup } });
  return guardedAgent;
}

function refusalOf(error: unknown): OutboundError {
  if (error instanceof OutboundError) return error;
  let cause: unknown = error;
  while (cause instanceof Error) {
    if (cause instanceof AddressRefused) return new OutboundError("address_not_allowed");
    cause = cause.cause;
  }
  return new OutboundError("unreachable");
}

type FetchInit = NonNullable<Parameters<typeof fetch>[1]>;

/**
 * A drop-in `fetch` for adapters talking to a server a person typed. Redirects of GET and HEAD
 * requests are followed by hand with every hop checked; other methods get the redirect answer
 * itself (`redirect: "manual"` behaves the same). Credentials never follow a redirect to another
 * origin.
 */
export const guardedFetch = (async (input: string | URL | Request, init: FetchInit = {}) => {
  const method = (init.method ?? "GET").toUpperCase();
  const follow = init.redirect !== "manual" && (method === "GET" || method === "HEAD");
  const signal = init.signal ?? AbortSignal.timeout(outboundLimits.timeoutMs);
  let url = checkOutboundUrl(input instanceof Request ? input.url : input);
  let headers = new Headers(init.headers);
  let body = init.body;
  if (body instanceof FormData || body instanceof Blob) {
    // Node's own FormData and Blob are not the npm undici's classes: encode them here (the
    // multipart boundary comes with the content type) and send the bytes.
    const encoded = new Request("https://encode.invalid/", { method: "POST", body });
    headers.set("content-type", encoded.headers.get("content-type") ?? "application/octet-stream");
    body = new Uint8Array(await encoded.arrayBuffer());
  }
  const http = await loadUndici();
  for (let hop = 0; ; hop++) {
    let response: Awaited<ReturnType<typeof undiciFetch>>;
    try {
      response = await http.fetch(url, {
        ...(init as Parameters<typeof undiciFetch>[1]),
        body: body as Parameters<typeof undiciFetch>[1] extends infer I
          ? I extends { body?: infer B }
            ? B
            : never
          : never,
        headers: Object.fromEntries(headers.entries()),
        signal,
        redirect: "manual",
        dispatcher: dispatcherFor(url, http),
      });
    } catch (error) {
      // A timeout stays a timeout for the adapters' retry rules: only an address that passed
      // the checks is ever connected to, so it tells nothing about private ports.
      if (error instanceof DOMException && /^(TimeoutError|AbortError)$/.test(error.name)) {
        throw error;
      }
      throw refusalOf(error);
    }
    const location = response.headers.get("location");
    if (!follow || response.status < 300 || response.status >= 400 || !location) {
      return response as unknown as Response;
    }
    await response.body?.cancel();
    if (hop >= outboundLimits.maxRedirects) throw new OutboundError("too_many_redirects");
    const next = checkOutboundUrl(new URL(location, url));
    if (next.origin !== url.origin) {
      headers = new Headers(headers);
      headers.delete("authorization");
      headers.delete("cookie");
    }
    url = next;
  }
}) as typeof fetch;

export interface Download {
  url: string;
  bytes: Uint8Array<ArrayBuffer>;
  type: string;
}

/**
 * GETs a user-influenced URL through the guard and reads at most `maxBytes` of it; the answer
 * must be 2xx and of a content type starting with `type` ("image/", "text/html", "" for any).
 */
export async function download(
  url: string,
  options: { maxBytes: number; type: string; timeoutMs?: number },
): Promise<Download> {
  const signal = AbortSignal.timeout(options.timeoutMs ?? outboundLimits.timeoutMs);
  const response = await guardedFetch(url, { signal }).catch((error: unknown) => {
    throw refusalOf(error);
  });
  const type = response.headers.get("content-type")?.split(";")[0]?.trim().toLowerCase() ?? "";
  if (!response.ok || !response.body) {
    await response.body?.cancel();
    throw new OutboundError("bad_status", response.status);
  }
  if (!type.startsWith(options.type)) {
    await response.body.cancel();
    throw new OutboundError("unexpected_type");
  }
  const bytes = await readCapped(response, options.maxBytes);
  return { url: response.url || url, bytes, type };
}

/**
 * Reads a guarded answer's body, stopping (and throwing `too_large`) as soon as it passes
 * `maxBytes`: a declared length over the cap is refused before reading, an undeclared one while.
 */
export async function readCapped(
  response: Response,
  maxBytes: number,
): Promise<Uint8Array<ArrayBuffer>> {
  if (!response.body) return new Uint8Array(0);
  if (Number(response.headers.get("content-length") ?? 0) > maxBytes) {
    await response.body.cancel();
    throw new OutboundError("too_large");
  }
  const chunks: Uint8Array[] = [];
  let size = 0;
  try {
    for await (const chunk of response.body as unknown as AsyncIterable<Uint8Array>) {
      size += chunk.byteLength;
      if (size > maxBytes) {
        await response.body.cancel().catch(() => undefined);
        throw new OutboundError("too_large");
      }
      chunks.push(chunk);
    }
  } catch (error) {
    throw refusalOf(error);
  }
  const bytes = new Uint8Array(size);
  let offset = 0;
  for (const chunk of chunks) {
    bytes.set(chunk, offset);
    offset += chunk.byteLength;
  }
  return bytes;
}
