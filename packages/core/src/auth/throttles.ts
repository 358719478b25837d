import { Limit } from "../limit/index.ts";

/**
 * What guards sign-in, sign-up and password resets. Every attempt is counted (an atomic
 * conditional ADD) before the password or code is looked at, so a burst of parallel guesses gets
 * exactly `max` checks and 429 for the rest. A failure counts per email and source address:
 * someone guessing from one address locks only themselves out of that email; the per-email rule
 * across all addresses is high enough that locking a victim out takes many addresses, and a
 * password reset still works meanwhile.
 */
export namespace Throttles {
  const minutes = (n: number) => n * 60;
  export const rules = {
    signInPerEmailAndAddress: { name: "signin-pair", max: 5, windowSeconds: minutes(15) },
    signInPerAddress: { name: "signin-ip", max: 30, windowSeconds: minutes(15) },
    signInPerEmail: { name: "signin-email", max: 50, windowSeconds: minutes(60) },
    signUpPerAddress: { name: "signup-ip", max: 50, windowSeconds: minutes(60) },
    resetRequestPerEmail: { name: "reset-request-email", max: 3, windowSeconds: minutes(60) },
    resetRequestPerAddress: { name: "reset-request-ip", max: 10, windowSeconds: minutes(60) },
    resetAttemptPerEmail: { name: "reset-attempt-email", max: 10, windowSeconds: minutes(60) },
    resetAttemptPerAddress: { name: "reset-attempt-ip", max: 20, windowSeconds: minutes(15) },
  } satisfies Record<string, Limit.Rule>;

  function signInChecks(email: string, address: string | undefined) {
    return [
      { rule: rules.signInPerAddress, subject: address },
      { rule: rules.signInPerEmailAndAddress, subject: `${email}|${address ?? "-"}` },
      { rule: rules.signInPerEmail, subject: email },
    ];
  }

  export async function beforeSignIn(email: string, address: string | undefined): Promise<void> {
    await Limit.takeAll(signInChecks(email, address), {
      code: "too_many_sign_in_attempts",
      message: (wait) =>
        `Too many sign-in attempts. Wait ${wait} minute${wait === 1 ? "" : "s"}, or reset the password.`,
    });
  }

  /** A right password gives its attempt back: only failures add up. */
  export async function afterSignIn(email: string, address: string | undefined): Promise<void> {
    for (const { rule, subject } of signInChecks(email, address)) {
      if (subject !== undefined) await Limit.giveBack(rule, subject);
    }
  }

  export async function beforeSignUp(address: string | undefined): Promise<void> {
    await Limit.takeAll([{ rule: rules.signUpPerAddress, subject: address }], {
      code: "too_many_sign_ups",
      message: (wait) => `Too many sign-ups from this network. Try again in ${wait} minutes.`,
    });
  }

  export async function beforeResetRequest(email: string, address: string | undefined) {
    await Limit.takeAll(
      [
        { rule: rules.resetRequestPerAddress, subject: address },
        { rule: rules.resetRequestPerEmail, subject: email },
      ],
      {
        code: "too_many_reset_requests",
        message: (wait) =>
          `Several codes were sent already. Use the newest one, or ask again in ${wait} minutes.`,
      },
    );
  }

  export async function beforeResetAttempt(email: string, address: string | undefined) {
    await Limit.takeAll(
      [
        { rule: rules.resetAttemptPerAddress, subject: address },
        { rule: rules.resetAttemptPerEmail, subject: email },
      ],
      {
        code: "too_many_reset_attempts",
        message: (wait) => `Too many wrong codes. Wait ${wait} minutes and ask for a new code.`,
      },
    );
  }
}
