import { Logger } from "@aws-lambda-powertools/logger";

/**
 * Keys whose values never reach a log line, whatever object they sit in: tokens, secrets,
 * passwords and codes. Powertools has no built-in redaction, so log calls go through `redact`.
 */
const secretKey = /token|secret|password|authorization|cookie|code_verifier|api[-_]?key|plaintext/i;

export function redact(value: unknown, depth = 0): unknown {
  if (depth > 6 || value === null || typeof value !== "object") return value;
  if (Array.isArray(value)) return value.map((item) => redact(item, depth + 1));
  return Object.fromEntries(
    Object.entries(value as Record<string, unknown>).map(([key, inner]) => [
      key,
      secretKey.test(key) ? "[redacted]" : redact(inner, depth + 1),
    ]),
  );
}

/** Structured JSON logs with the service name and, per request or job, its correlation ids. */
export const logger = new Logger({
  serviceName: process.env.POWERTOOLS_SERVICE_NAME ?? "cadence",
  logLevel: (process.env.POWERTOOLS_LOG_LEVEL as "INFO" | undefined) ?? "INFO",
});

export function logInfo(message: string, fields: Record<string, unknown> = {}): void {
  logger.info(message, redact(fields) as Record<string, unknown>);
}

export function logWarn(message: string, fields: Record<string, unknown> = {}): void {
  logger.warn(message, redact(fields) as Record<string, unknown>);
}

export function logError(message: string, fields: Record<string, unknown> = {}): void {
  logger.error(message, redact(fields) as Record<string, unknown>);
}
