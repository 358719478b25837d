import type { MediaItem, PublishInput, PublishResult } from "../types.ts";
import { isNetworkError, NetworkError, type NetworkName } from "./error.ts";

export interface ThreadPart {
  text: string;
  media: MediaItem[];
  /** "head": the post itself; "thread": a continuation; "comment": the first comment. */
  role: "head" | "thread" | "comment";
  /** Position in the thread, 0 for the head. */
  index: number;
}

/** Where a reply goes: the head of the thread and the post directly above. */
export interface ReplyTarget<Ref> {
  root: Ref;
  parent: Ref;
}

/**
 * Publishes a post, its thread continuations (each replying to the one above) and its first
 * comment (replying to the head), the way X, Mastodon, Threads and Bluesky all chain replies.
 * A failure after the head is posted carries `partial` (what is already live) so the caller
 * records it instead of publishing everything again.
 */
export async function publishThread<Ref>(
  name: NetworkName,
  input: PublishInput,
  postPart: (part: ThreadPart, replyTo: ReplyTarget<Ref> | undefined) => Promise<Ref>,
  toResult: (head: Ref, children: Ref[]) => PublishResult,
): Promise<PublishResult> {
  const head = await postPart(
    { text: input.text, media: input.media, role: "head", index: 0 },
    undefined,
  );
  const children: Ref[] = [];
  const parts: ThreadPart[] = (input.thread ?? []).map((part, i) => ({
    text: part.text,
    media: part.media ?? [],
    role: "thread",
    index: i + 1,
  }));
  if (input.firstComment !== undefined) {
    parts.push({ text: input.firstComment, media: [], role: "comment", index: parts.length + 1 });
  }
  let parent = head;
  for (const part of parts) {
    try {
      const ref = await postPart(part, {
        root: head,
        parent: part.role === "comment" ? head : parent,
      });
      children.push(ref);
      if (part.role === "thread") parent = ref;
    } catch (error) {
      throw partialFailure(name, part, error, toResult(head, children));
    }
  }
  return toResult(head, children);
}

function partialFailure(
  name: NetworkName,
  part: ThreadPart,
  error: unknown,
  partial: PublishResult,
): NetworkError {
  const what = part.role === "comment" ? "the first comment" : `thread post ${part.index + 1}`;
  const reason = isNetworkError(error) ? error.userMessage : "an unexpected error occurred.";
  return new NetworkError({
    network: name.network,
    kind: isNetworkError(error) ? error.kind : "permanent",
    operation: `publish ${what}`,
    status: isNetworkError(error) ? error.status : undefined,
    code: isNetworkError(error) ? error.code : "unexpected",
    detail: isNetworkError(error) ? error.detail : String(error),
    userMessage: `The post is live on ${name.displayName}, but ${what} was not published: ${reason} Add it by hand or edit the post.`,
    retryAfterMs: isNetworkError(error) ? error.retryAfterMs : undefined,
    partial,
    cause: error,
  });
}

/**
 * For networks without reply chains (LinkedIn, Facebook Pages, Instagram): thread parts are
 * refused before anything is posted. The rules refuse them first; this guards the adapter.
 */
export function refuseThread(name: NetworkName, input: PublishInput): void {
  if ((input.thread ?? []).length === 0) return;
  throw new NetworkError({
    network: name.network,
    kind: "permanent",
    operation: "publish",
    code: "thread_unsupported",
    detail: `${name.displayName} has no threads`,
    userMessage: `${name.displayName} has no threads; publish the follow-up as a first comment or a separate post.`,
  });
}
