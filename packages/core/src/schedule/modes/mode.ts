import type * as z from "zod";

/** When one account's copy of a post goes out, and which occurrence of its rule that is. */
export interface Due {
  at: string;
  occurrence: number;
}

/** What a mode may ask while it works out a due time for one account. */
export interface DueContext {
  now: Date;
  /**
   * The account's next free posting slot strictly after an instant (UTC), or undefined when
   * every slot within the queue horizon is taken. Only slot modes call it.
   */
  findSlot(after: string): Promise<string | undefined>;
}

/**
 * One way to schedule a post: its schema, when it is first due, when it is due again after a
 * run went out, and how it reads to people. Each mode is one file beside this one.
 */
export interface ScheduleMode<Intent extends { mode: string }> {
  schema: z.ZodType<Intent>;
  /** The account's own posting slots decide the time (the account needs some). */
  usesSlots: boolean;
  /**
   * The first due time, or undefined when the post is not to go out (a draft) or, for slot
   * modes, when no slot is free. `lastAt` is when the post last went out on the account.
   */
  firstDue(intent: Intent, context: DueContext & { lastAt?: string }): Promise<Due | undefined>;
  /** The run after `last` (the one just committed), or undefined when the post does not repeat. */
  nextDue(intent: Intent, last: Due, context: DueContext): Promise<Due | undefined>;
  /** How the schedule reads to people ("Every Friday at 9:00 AM"): never a raw rule. */
  describe(intent: Intent): string;
}

/** A post that goes out once is never due again. */
export const once = async (): Promise<undefined> => undefined;
