import type { Context } from "hono";
import type { FaultAnswers } from "../faults.ts";

/** LinkedIn's API errors: `{status, serviceErrorCode, code, message}`. */
export function problem(
  c: Context,
  status: number,
  code: string,
  message: string,
  serviceErrorCode = 100,
): Response {
  return c.json({ status, serviceErrorCode, code, message }, status as 400);
}

/** Validation failures (422): `{errorDetailType, message, errorDetails: {inputErrors}, status}`. */
export function invalidInput(
  c: Context,
  code: string,
  message: string,
  description: string,
  fieldPath: string,
): Response {
  return c.json(
    {
      errorDetailType: "com.linkedin.common.error.BadRequest",
      message,
      errorDetails: {
        inputErrors: [{ description, input: { inputPath: { fieldPath } }, code }],
      },
      status: 422,
    },
    422,
  );
}

export function duplicate(c: Context, urn: string): Response {
  return invalidInput(
    c,
    "DUPLICATE_POST",
    `com.linkedin.content.common.exception.BadRequestResponseException: Content is a duplicate of ${urn}`,
    "Duplicate post is detected",
    "",
  );
}

/** The token's problem, as LinkedIn words it (401 with serviceErrorCode 6560x). */
export function unauthorized(c: Context, why: "invalid" | "revoked" | "expired"): Response {
  if (why === "revoked") {
    return problem(
      c,
      401,
      "REVOKED_ACCESS_TOKEN",
      "The token used in the request has been revoked by the user",
      65601,
    );
  }
  if (why === "expired") {
    return problem(
      c,
      401,
      "EXPIRED_ACCESS_TOKEN",
      "The token used in the request has expired",
      65602,
    );
  }
  return problem(c, 401, "INVALID_ACCESS_TOKEN", "Invalid access token", 65600);
}

export function oauthError(
  c: Context,
  status: number,
  error: string,
  description: string,
): Response {
  return c.json({ error, error_description: description }, status as 400);
}

export const linkedInFaultAnswers: FaultAnswers = {
  unavailable: (c) => c.json({ message: "Internal Server Error", status: 500 }, 500),
  // LinkedIn documents daily throttles and no Retry-After.
  rateLimited: (c) =>
    problem(
      c,
      429,
      "TOO_MANY_REQUESTS",
      "Resource level throttle APPLICATION DAY limit for calls to this resource is reached.",
      101,
    ),
  rejected: (c) => duplicate(c, "urn:li:share:0"),
};
