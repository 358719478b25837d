import type { Catalogue } from "./entry.ts";

/** Who is asking: sign-in, sessions, API keys, roles and the limits that guard them. */
export const authErrors = {
  unauthenticated: {
    status: 401,
    title: "Sign in first",
    fix: "Sign in and send the access token as `Authorization: Bearer <token>`, or use an API key.",
  },
  token_expired: {
    status: 401,
    title: "The access token has expired",
    fix: "Get a new access token with POST /auth/refresh, or sign in again.",
  },
  session_ended: {
    status: 401,
    title: "The session has ended",
    fix: "This session was signed out, replaced or never existed here. Sign in again.",
  },
  refresh_token_reused: {
    status: 401,
    title: "The refresh token was used twice",
    fix: "The session was ended to protect the account. Sign in again.",
  },
  invalid_credentials: {
    status: 401,
    title: "Wrong email or password",
    fix: "Check both the email and the password, or reset the password.",
  },
  wrong_current_password: {
    status: 400,
    title: "The current password is not right",
    fix: "Enter the password you sign in with now, or reset it from the sign-in page.",
  },
  same_password: {
    status: 400,
    title: "The new password is the current one",
    fix: "Choose a password different from the one you have now.",
  },
  same_email: {
    status: 400,
    title: "That is your email now",
    fix: "Enter the new address you want to sign in with.",
  },
  email_change_link_invalid: {
    status: 400,
    title: "The email change link no longer works",
    fix: "It was used already, has expired, or the email changed since. Ask for a new link from your account page.",
  },
  api_key_invalid: {
    status: 401,
    title: "The API key is not valid",
    fix: "The key is wrong or was revoked. Create a new key in the workspace's settings.",
  },
  user_required: {
    status: 403,
    title: "A person must do this",
    fix: "Sign in as a person to do this; API keys cannot.",
  },
  role_required: {
    status: 403,
    title: "Your role does not allow this",
    fix: "Ask an owner or admin of the workspace to do it, or to give you a role that may.",
  },
  role_too_high: {
    status: 403,
    title: "The role is higher than yours",
    fix: "Give the key your own role or a lower one.",
  },
  email_taken: {
    status: 409,
    title: "This email already has an account",
    fix: "Sign in with this email, or reset its password if it is forgotten.",
  },
  sign_up_link_invalid: {
    status: 400,
    title: "The sign-up link no longer works",
    fix: "The link was used already or has expired. Sign in, or sign up again for a new link.",
  },
  invalid_reset_code: {
    status: 400,
    title: "The reset code is wrong or expired",
    fix: "Ask for a new reset code and use it within its time.",
  },
  too_many_sign_in_attempts: {
    status: 429,
    title: "Too many sign-in attempts",
    fix: "Wait for the time in Retry-After, or reset the password.",
  },
  too_many_sign_ups: {
    status: 429,
    title: "Too many sign-ups",
    fix: "Too many accounts were made from this network recently. Try again after the time in Retry-After.",
  },
  too_many_reset_requests: {
    status: 429,
    title: "Too many reset requests",
    fix: "Use the code already sent, or ask again after the time in Retry-After.",
  },
  too_many_reset_attempts: {
    status: 429,
    title: "Too many wrong reset codes",
    fix: "Wait for the time in Retry-After, then ask for a new code.",
  },
  too_much_mail: {
    status: 429,
    title: "Too much mail to this address",
    fix: "Check the mail already sent, or try again after the time in Retry-After.",
  },
  outbox_not_enabled: {
    status: 404,
    title: "This stage has no outbox",
    fix: "This stage sends real mail. Check the recipient's inbox instead.",
  },
} as const satisfies Catalogue;
