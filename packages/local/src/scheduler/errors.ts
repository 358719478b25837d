/** The errors EventBridge Scheduler answers with; the SDK maps `code` to its exception class. */
export type SchedulerErrorCode =
  | "ValidationException"
  | "ConflictException"
  | "ResourceNotFoundException"
  | "ServiceQuotaExceededException"
  | "ThrottlingException"
  | "InternalServerException";

const statusOf: Record<SchedulerErrorCode, number> = {
  ValidationException: 400,
  ConflictException: 409,
  ResourceNotFoundException: 404,
  ServiceQuotaExceededException: 402,
  ThrottlingException: 429,
  InternalServerException: 500,
};

export class SchedulerError extends Error {
  readonly status: number;

  constructor(
    readonly code: SchedulerErrorCode,
    message: string,
  ) {
    super(message);
    this.name = code;
    this.status = statusOf[code];
  }
}

export const invalid = (message: string) => new SchedulerError("ValidationException", message);
