import type { Context, MiddlewareHandler } from "hono";
import * as z from "zod";
import { type SandboxNetwork, type SandboxState, sandboxNetworks } from "./state.ts";

export const faultKinds = ["5xx", "429", "timeout", "revoked", "reject", "slow_media"] as const;
export type FaultKind = (typeof faultKinds)[number];

export const faultInput = z.object({
  network: z.enum(sandboxNetworks),
  /** Handle or account id; omitted means every account on the network. */
  account: z.string().optional(),
  kind: z.enum(faultKinds),
  /** How many requests it affects (default 1). */
  count: z.number().int().positive().optional(),
  /** Matching requests to let through before it applies (the head of a thread, say). */
  after: z.number().int().nonnegative().optional(),
  retryAfterSeconds: z.number().int().nonnegative().optional(),
  /** Only requests whose path contains this text ("/2/tweets", "createRecord"). */
  path: z.string().optional(),
  /** timeout: how long to hold the answer (default 30 s); slow_media: Bluesky upload delay. */
  delayMs: z.number().int().nonnegative().optional(),
});
export type FaultInput = z.infer<typeof faultInput>;

export interface Fault extends FaultInput {
  id: number;
  remaining: number;
  skip: number;
}

/** How each network words an outage, a rate limit and a refused post. */
export interface FaultAnswers {
  unavailable(c: Context): Response;
  rateLimited(c: Context, retryAfterSeconds: number, resetAt: number): Response;
  rejected(c: Context): Response;
}

export interface FaultsOptions {
  /**
   * The sandbox is shared by test files running at the same time: a fault must name the account
   * it is for, so it never meets another file's requests.
   */
  shared?: boolean;
}

/** Why a fault was refused: the shared sandbox takes only faults scoped to one account. */
export class UnscopedFault extends Error {}

/** Fault knobs, set through POST /_sandbox/faults and consumed by the requests they match. */
export class Faults {
  private list: Fault[] = [];
  private sequence = 0;

  constructor(
    private readonly state: SandboxState,
    readonly options: FaultsOptions = {},
  ) {}

  add(input: FaultInput): Fault {
    if (this.options.shared && input.account === undefined)
      throw new UnscopedFault(
        "This sandbox is shared by concurrent test files: name the account the fault is for (account: handle or id), or start a sandbox of your own for network-wide faults.",
      );
    const fault = {
      ...input,
      id: ++this.sequence,
      remaining: input.count ?? 1,
      skip: input.after ?? 0,
    };
    if (input.kind === "revoked") {
      // A revocation happens at once, as when a person removes the app on the network.
      const account = input.account ? this.findAccount(input.network, input.account) : undefined;
      this.state.revokeAll(input.network, account);
      if (account) {
        const stored = this.state.accountById(input.network, account);
        if (stored) stored.password = `revoked:${stored.password ?? ""}`;
      }
      return fault;
    }
    this.list.push(fault);
    return fault;
  }

  all(): Fault[] {
    return [...this.list];
  }

  clear(): void {
    this.list = [];
  }

  /** Takes one use of the first fault matching this request, if any. */
  take(
    network: SandboxNetwork,
    accountId: string | undefined,
    path: string,
    kinds: readonly FaultKind[],
  ): Fault | undefined {
    const fault = this.list.find(
      (f) =>
        f.network === network &&
        kinds.includes(f.kind) &&
        (f.path === undefined || path.includes(f.path)) &&
        (f.account === undefined ||
          (accountId !== undefined && this.findAccount(network, f.account) === accountId)),
    );
    if (!fault) return undefined;
    if (fault.skip > 0) {
      fault.skip -= 1;
      return undefined;
    }
    fault.remaining -= 1;
    if (fault.remaining <= 0) this.list = this.list.filter((f) => f !== fault);
    return fault;
  }

  private findAccount(network: SandboxNetwork, handleOrId: string): string | undefined {
    return (
      this.state.accountByHandle(network, handleOrId)?.id ??
      this.state.accountById(network, handleOrId)?.id
    );
  }
}

/**
 * Middleware for a network's API routes: answers with the network's own 5xx, 429 (with its
 * rate-limit headers and Retry-After) or holds the request past any client timeout.
 */
export function faultGate(
  network: SandboxNetwork,
  faults: Faults,
  answers: FaultAnswers,
  accountOf: (c: Context) => string | undefined | Promise<string | undefined>,
): MiddlewareHandler {
  return async (c, next) => {
    const fault = faults.take(network, await accountOf(c), c.req.path, ["5xx", "429", "timeout"]);
    if (!fault) return next();
    if (fault.kind === "5xx") return answers.unavailable(c);
    if (fault.kind === "429") {
      const seconds = fault.retryAfterSeconds ?? 30;
      return answers.rateLimited(c, seconds, Math.ceil(Date.now() / 1000) + seconds);
    }
    await holdUntilGone(c.req.raw.signal, fault.delayMs ?? 30_000);
    return answers.unavailable(c);
  };
}

/** Waits for the delay or until the client hangs up, whichever is first. */
export function holdUntilGone(signal: AbortSignal, ms: number): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(resolve, ms);
    timer.unref();
    signal.addEventListener("abort", () => {
      clearTimeout(timer);
      resolve();
    });
  });
}
