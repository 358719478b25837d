import { guardedFetch, OutboundError, readCapped } from "@cadence/networks";

/** A feed larger than this is refused: real feeds are tens of kilobytes. */
export const maxFeedBytes = 2_000_000;
/**
 * A feed server slower than this is given up on until the next run. CADENCE_FEED_TIMEOUT_MS
 * shortens it where waiting ten seconds for a stalled server is wasted time (the tests).
 */
const feedTimeoutMs = () => Number(process.env.CADENCE_FEED_TIMEOUT_MS) || 10_000;

export type FetchOutcome =
  | { status: "not_modified" }
  | { status: "fetched"; body: string; etag?: string; lastModified?: string };

/** Why a fetch failed, in words fit for the feed's page (never the server's own text). */
export class FeedFetchError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "FeedFetchError";
  }
}

/**
 * GETs a feed through the outbound-fetch guard (https, public addresses only, every redirect
 * re-checked, size and time capped), sending back the validators of the last full answer so an
 * unchanged feed costs a 304 and no parsing.
 */
export async function fetchFeed(
  url: string,
  validators: { etag?: string; lastModified?: string } = {},
): Promise<FetchOutcome> {
  const headers: Record<string, string> = {
    accept:
      "application/rss+xml, application/atom+xml, application/feed+json, application/json;q=0.9, application/xml;q=0.8, text/xml;q=0.8, */*;q=0.1",
    "user-agent": "Cadence feed reader (+https://cadence.example/feeds)",
  };
  if (validators.etag) headers["if-none-match"] = validators.etag;
  if (validators.lastModified) headers["if-modified-since"] = validators.lastModified;
  try {
    const response = await guardedFetch(url, {
      headers,
      signal: AbortSignal.timeout(feedTimeoutMs()),
    });
    if (response.status === 304) {
      await response.body?.cancel();
      return { status: "not_modified" };
    }
    if (!response.ok) {
      await response.body?.cancel();
      throw new FeedFetchError(`the feed's server answered ${response.status} instead of the feed`);
    }
    const body = new TextDecoder().decode(await readCapped(response, maxFeedBytes));
    return {
      status: "fetched",
      body,
      etag: response.headers.get("etag") ?? undefined,
      lastModified: response.headers.get("last-modified") ?? undefined,
    };
  } catch (error) {
    if (error instanceof FeedFetchError) throw error;
    if (error instanceof OutboundError) {
      throw new FeedFetchError(
        error.reason === "too_large"
          ? `the feed is larger than ${maxFeedBytes / 1_000_000} MB`
          : `Cadence could not fetch it: ${error.message}`,
      );
    }
    if (error instanceof DOMException && /^(TimeoutError|AbortError)$/.test(error.name)) {
      throw new FeedFetchError(
        `the feed's server did not answer within ${feedTimeoutMs() / 1000} s`,
      );
    }
    throw error;
  }
}
