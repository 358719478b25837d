import type { StandInNetwork } from "@cadence/local/sandbox/config";
import type { RunningSandbox } from "@cadence/local/sandbox/index";
import { type Network, type PublishInput, registry, type TokenSet } from "@cadence/networks";
import { describe, expect, it } from "vitest";
import { networkError, postsReceived, setFault } from "./support.ts";

interface Connected {
  tokens: TokenSet;
  accountId: string;
  options?: Record<string, unknown>;
}

/** A post for the network, without who posts it: its text plus what the network requires. */
type Post = Omit<PublishInput, "tokens" | "accountId" | "idempotencyKey">;

/**
 * What the common cases need to know about one network on the sandbox. The description in the
 * registry says which cases apply (threads, first comment, reconciliation, autorepost); the rest
 * is how the sandbox stands in for the network.
 */
export interface ContractSpec {
  network: StandInNetwork;
  sandbox(): RunningSandbox;
  adapter(): Network;
  /** The sandbox account the faults name. */
  handle: string;
  /** Connects `handle`: its tokens, the id to post as, and options a post needs (a board). */
  connect(): Promise<Connected>;
  /** A post the network takes with `text` (the media and options it needs). */
  post(text: string): Post | Promise<Post>;
  faults: {
    /** The path a publish's last request goes to, and the error a 5xx there becomes. */
    serverError: { path: string; expect: Record<string, unknown> };
    /** The request of a publish held past the adapter's timeout (the 5xx path by default). */
    timeoutPath?: string;
    /** The 429 the sandbox answers for the account, and the error it becomes. */
    rateLimit: { retryAfterSeconds?: number; expect: Record<string, unknown> };
    /** What a revoked token tells the person (exactly, or a pattern it matches). */
    revokedMessage: string | RegExp;
  };
}

/** The cases every network adapter must pass against its sandbox; each network file calls it. */
export function networkContract(spec: ContractSpec): void {
  const description = registry[spec.network];
  const { capabilities } = description;
  const name = description.displayName;
  let sequence = 0;
  const key = () => `contract-${spec.network}-${++sequence}`;
  const postFor = async (connected: Connected, text: string): Promise<Post> => {
    const post = await spec.post(text);
    return connected.options
      ? { ...post, options: { ...post.options, ...connected.options } }
      : post;
  };
  const publish = async (text: string, extra: Partial<PublishInput> = {}) => {
    const connected = await spec.connect();
    const { tokens, accountId } = connected;
    const post = await postFor(connected, text);
    const result = await spec
      .adapter()
      .publish({ tokens, accountId, idempotencyKey: key(), ...post, ...extra });
    return { tokens, accountId, result };
  };
  const stored = async () => (await postsReceived(spec.sandbox(), spec.network)).count;

  describe(`${name}: the contract every network keeps`, () => {
    it("publishes a post it accepts, once, with an id and a link", async () => {
      const { result } = await publish("A post every network takes");
      expect(result.externalId).toBeTruthy();
      expect(URL.canParse(result.url)).toBe(true);
      expect(await stored()).toBe(1);
    });

    it.runIf(capabilities.threads)("publishes a thread part as a reply", async () => {
      const { result } = await publish("Head of a thread", { thread: [{ text: "Its reply" }] });
      expect(result.childIds).toHaveLength(1);
      expect(await stored()).toBe(2);
    });

    it.runIf(capabilities.firstComment)("adds the first comment under the post", async () => {
      const { result } = await publish("A post with a comment", { firstComment: "First!" });
      expect(result.childIds).toHaveLength(1);
    });

    it.runIf(capabilities.reconcile)("finds the post it made, for reconciliation", async () => {
      const since = new Date(Date.now() - 1000).toISOString();
      const text = "Find me again";
      const { tokens, accountId, result } = await publish(text);
      const found = await spec
        .adapter()
        .findPost?.({ tokens, accountId, idempotencyKey: "other", text, since });
      expect(found?.externalId).toBe(result.externalId);
    });

    it.runIf(capabilities.autorepostSource)(
      "lists the post among the account's recent posts, for autorepost",
      async () => {
        const since = new Date(Date.now() - 1000).toISOString();
        const { tokens, accountId, result } = await publish("Repost me");
        const recent = (await spec.adapter().recentPosts?.({ tokens, accountId, since })) ?? [];
        expect(recent.map((post) => post.externalId)).toContain(result.externalId);
      },
    );

    it("classifies a 5xx as transient and publishes nothing", async () => {
      const connected = await spec.connect();
      const { tokens, accountId } = connected;
      const post = await postFor(connected, "Down");
      await setFault(spec.sandbox(), {
        network: spec.network,
        kind: "5xx",
        path: spec.faults.serverError.path,
      });
      const error = await networkError(() =>
        spec.adapter().publish({ tokens, accountId, idempotencyKey: key(), ...post }),
      );
      expect(error).toMatchObject({ kind: "transient", ...spec.faults.serverError.expect });
      expect(await stored()).toBe(0);
    });

    it("classifies a timeout as transient and publishes nothing", async () => {
      const connected = await spec.connect();
      const { tokens, accountId } = connected;
      const post = await postFor(connected, "Slow");
      await setFault(spec.sandbox(), {
        network: spec.network,
        kind: "timeout",
        delayMs: 5000,
        path: spec.faults.timeoutPath ?? spec.faults.serverError.path,
      });
      const error = await networkError(() =>
        spec.adapter().publish({ tokens, accountId, idempotencyKey: key(), ...post }),
      );
      expect({ kind: error.kind, code: error.code }).toEqual({
        kind: "transient",
        code: "timeout",
      });
      expect(await stored()).toBe(0);
    });

    it("classifies a 429 as transient, with the wait the network gives", async () => {
      const connected = await spec.connect();
      const { tokens, accountId } = connected;
      const post = await postFor(connected, "Busy");
      const { retryAfterSeconds } = spec.faults.rateLimit;
      await setFault(spec.sandbox(), {
        network: spec.network,
        account: spec.handle,
        kind: "429",
        ...(retryAfterSeconds ? { retryAfterSeconds } : {}),
      });
      const error = await networkError(() =>
        spec.adapter().publish({ tokens, accountId, idempotencyKey: key(), ...post }),
      );
      expect(error).toMatchObject({ kind: "transient", ...spec.faults.rateLimit.expect });
    });

    it(`classifies a revoked token as auth: ${name} named, Reconnect said, no token shown`, async () => {
      const connected = await spec.connect();
      const { tokens, accountId } = connected;
      const post = await postFor(connected, "Gone");
      await setFault(spec.sandbox(), {
        network: spec.network,
        account: spec.handle,
        kind: "revoked",
      });
      const error = await networkError(() =>
        spec.adapter().publish({ tokens, accountId, idempotencyKey: key(), ...post }),
      );
      expect(error.kind).toBe("auth");
      const { revokedMessage } = spec.faults;
      if (typeof revokedMessage === "string") expect(error.userMessage).toBe(revokedMessage);
      else expect(error.userMessage).toMatch(revokedMessage);
      expect(`${error.message} ${error.userMessage}`).not.toContain(tokens.accessToken);
    });
  });
}
