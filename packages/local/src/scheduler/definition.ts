import { invalid } from "./errors.ts";
import { parseScheduleExpression, type ScheduleExpression } from "./expression.ts";
import { isValidTimeZone } from "./zone.ts";

/** A schedule as CreateSchedule/UpdateSchedule define it, with AWS's defaults filled in. */
export interface ScheduleDefinition {
  ScheduleExpression: string;
  ScheduleExpressionTimezone: string;
  StartDate?: number;
  EndDate?: number;
  Description?: string;
  State: "ENABLED" | "DISABLED";
  KmsKeyArn?: string;
  ActionAfterCompletion: "NONE" | "DELETE";
  FlexibleTimeWindow: { Mode: "OFF" | "FLEXIBLE"; MaximumWindowInMinutes?: number };
  Target: TargetDefinition;
}

export interface TargetDefinition {
  Arn: string;
  RoleArn: string;
  Input?: string;
  DeadLetterConfig?: { Arn: string };
  RetryPolicy: { MaximumEventAgeInSeconds: number; MaximumRetryAttempts: number };
  SqsParameters?: { MessageGroupId?: string };
}

const NAME = /^[0-9a-zA-Z\-_.]+$/;
const CLIENT_TOKEN = /^[a-zA-Z0-9\-_]+$/;
const ROLE_ARN = /^arn:aws(-[a-z]+)?:iam::\d{12}:role\/[\w+=,.@/-]+$/;
const SQS_ARN = /^arn:aws(-[a-z]+)?:sqs:[a-z0-9-]+:\d{12}:([a-zA-Z0-9\-_]{1,80}(\.fifo)?)$/;
const DLQ_ARN = /^arn:aws(-[a-z]+)?:sqs:[a-z0-9-]+:\d{12}:[a-zA-Z0-9\-_]+$/;

/** AWS's wording for a failed constraint, so messages read like the real service's. */
const constraint = (field: string, value: unknown, rule: string) =>
  invalid(
    `1 validation error detected: Value '${String(value)}' at '${field}' failed to satisfy constraint: ${rule}`,
  );

export function checkName(value: unknown, field: string): string {
  if (typeof value !== "string" || value.length < 1 || value.length > 64) {
    throw constraint(field, value, "Member must have length between 1 and 64");
  }
  if (!NAME.test(value)) {
    throw constraint(
      field,
      value,
      "Member must satisfy regular expression pattern: [0-9a-zA-Z-_.]+",
    );
  }
  return value;
}

export function checkClientToken(value: unknown): string | undefined {
  if (value === undefined || value === null) return undefined;
  if (
    typeof value !== "string" ||
    value.length < 1 ||
    value.length > 64 ||
    !CLIENT_TOKEN.test(value)
  ) {
    throw constraint(
      "clientToken",
      value,
      "Member must satisfy regular expression pattern: ^[a-zA-Z0-9-_]+$",
    );
  }
  return value;
}

type Json = Record<string, unknown>;

const isObject = (value: unknown): value is Json =>
  typeof value === "object" && value !== null && !Array.isArray(value);

function optionalString(body: Json, field: string, max: number): string | undefined {
  const value = body[field];
  if (value === undefined || value === null) return undefined;
  if (typeof value !== "string" || value.length > max) {
    throw constraint(field, value, `Member must have length less than or equal to ${max}`);
  }
  return value;
}

function requiredObject(body: Json, field: string): Json {
  const value = body[field];
  if (!isObject(value)) throw invalid(`${field} is a required field.`);
  return value;
}

function integerIn(value: unknown, field: string, min: number, max: number): number {
  if (typeof value !== "number" || !Number.isInteger(value) || value < min || value > max) {
    throw constraint(field, value, `Member must have value between ${min} and ${max}`);
  }
  return value;
}

function oneOf<T extends string>(value: unknown, field: string, allowed: T[], fallback: T): T {
  if (value === undefined || value === null) return fallback;
  if (!allowed.includes(value as T)) {
    throw constraint(field, value, `Member must satisfy enum value set: [${allowed.join(", ")}]`);
  }
  return value as T;
}

/** Epoch seconds on the wire (the SDK's REST-JSON default); ISO strings are tolerated. */
function timestamp(value: unknown, field: string): number | undefined {
  if (value === undefined || value === null) return undefined;
  const ms =
    typeof value === "number"
      ? value * 1000
      : typeof value === "string"
        ? Date.parse(value)
        : Number.NaN;
  if (!Number.isFinite(ms)) throw invalid(`Invalid ${field}.`);
  return ms;
}

/** The SQS queue name in a target or DLQ ARN, or undefined for any other service. */
export function sqsQueueName(arn: string): string | undefined {
  return SQS_ARN.exec(arn)?.[2];
}

function parseTarget(body: Json): TargetDefinition {
  const target = requiredObject(body, "Target");
  const arn = target.Arn;
  const roleArn = target.RoleArn;
  if (typeof arn !== "string" || arn.length < 1 || arn.length > 1600) {
    throw constraint("target.arn", arn, "Member must have length between 1 and 1600");
  }
  if (typeof roleArn !== "string" || !ROLE_ARN.test(roleArn)) {
    throw constraint(
      "target.roleArn",
      roleArn,
      "Member must satisfy regular expression pattern: ^arn:aws(-[a-z]+)?:iam::\\d{12}:role\\/[\\w+=,.@\\/-]+$",
    );
  }
  // The emulator delivers to SQS only; refusing others here beats failing silently at fire time.
  if (!sqsQueueName(arn)) {
    throw invalid(
      `Target ${arn} is not supported by the local scheduler: only Amazon SQS queue targets (arn:aws:sqs:<region>:<account>:<queue>) are delivered.`,
    );
  }
  const definition: TargetDefinition = {
    Arn: arn,
    RoleArn: roleArn,
    RetryPolicy: { MaximumEventAgeInSeconds: 86_400, MaximumRetryAttempts: 185 },
  };
  if (target.Input !== undefined && target.Input !== null) {
    if (typeof target.Input !== "string" || target.Input.length < 1) {
      throw constraint(
        "target.input",
        target.Input,
        "Member must have length greater than or equal to 1",
      );
    }
    definition.Input = target.Input;
  }
  if (isObject(target.RetryPolicy)) {
    const { MaximumEventAgeInSeconds: age, MaximumRetryAttempts: attempts } = target.RetryPolicy;
    if (age !== undefined && age !== null) {
      definition.RetryPolicy.MaximumEventAgeInSeconds = integerIn(
        age,
        "target.retryPolicy.maximumEventAgeInSeconds",
        60,
        86_400,
      );
    }
    if (attempts !== undefined && attempts !== null) {
      definition.RetryPolicy.MaximumRetryAttempts = integerIn(
        attempts,
        "target.retryPolicy.maximumRetryAttempts",
        0,
        185,
      );
    }
  }
  if (isObject(target.DeadLetterConfig) && target.DeadLetterConfig.Arn !== undefined) {
    const dlqArn = target.DeadLetterConfig.Arn;
    if (typeof dlqArn !== "string" || !DLQ_ARN.test(dlqArn)) {
      throw constraint(
        "target.deadLetterConfig.arn",
        dlqArn,
        "Member must satisfy regular expression pattern: arn:aws(-[a-z]+)?:sqs:[a-z0-9\\-]+:\\d{12}:[a-zA-Z0-9\\-_]+",
      );
    }
    definition.DeadLetterConfig = { Arn: dlqArn };
  }
  if (isObject(target.SqsParameters)) {
    const groupId = optionalString(target.SqsParameters, "MessageGroupId", 128);
    definition.SqsParameters = groupId === undefined ? {} : { MessageGroupId: groupId };
  }
  return definition;
}

/** Validates a CreateSchedule/UpdateSchedule body into a definition and its parsed expression. */
export function parseDefinition(
  body: Json,
  nowMs: number,
): { definition: ScheduleDefinition; expression: ScheduleExpression } {
  const expressionText = body.ScheduleExpression;
  if (
    typeof expressionText !== "string" ||
    expressionText.length < 1 ||
    expressionText.length > 256
  ) {
    throw constraint(
      "scheduleExpression",
      expressionText,
      "Member must have length between 1 and 256",
    );
  }
  const expression = parseScheduleExpression(expressionText);
  const timeZone = optionalString(body, "ScheduleExpressionTimezone", 50) ?? "UTC";
  if (!isValidTimeZone(timeZone)) throw invalid(`Invalid time zone: ${timeZone}.`);

  const window = requiredObject(body, "FlexibleTimeWindow");
  if (window.Mode === undefined || window.Mode === null) {
    throw invalid("FlexibleTimeWindow.Mode is a required field.");
  }
  const mode = oneOf(window.Mode, "flexibleTimeWindow.mode", ["OFF", "FLEXIBLE"], "OFF");
  const flexibleTimeWindow: ScheduleDefinition["FlexibleTimeWindow"] = { Mode: mode };
  const maxWindow = window.MaximumWindowInMinutes;
  if (mode === "FLEXIBLE") {
    if (maxWindow === undefined || maxWindow === null) {
      throw invalid("MaximumWindowInMinutes is required when FlexibleTimeWindow Mode is FLEXIBLE.");
    }
    flexibleTimeWindow.MaximumWindowInMinutes = integerIn(
      maxWindow,
      "flexibleTimeWindow.maximumWindowInMinutes",
      1,
      1440,
    );
  } else if (maxWindow !== undefined && maxWindow !== null) {
    throw invalid("MaximumWindowInMinutes must not be set when FlexibleTimeWindow Mode is OFF.");
  }

  const definition: ScheduleDefinition = {
    ScheduleExpression: expressionText,
    ScheduleExpressionTimezone: timeZone,
    State: oneOf(body.State, "state", ["ENABLED", "DISABLED"], "ENABLED"),
    ActionAfterCompletion: oneOf(
      body.ActionAfterCompletion,
      "actionAfterCompletion",
      ["NONE", "DELETE"],
      "NONE",
    ),
    FlexibleTimeWindow: flexibleTimeWindow,
    Target: parseTarget(body),
  };
  const description = optionalString(body, "Description", 512);
  if (description !== undefined) definition.Description = description;
  const kmsKeyArn = optionalString(body, "KmsKeyArn", 2048);
  if (kmsKeyArn !== undefined) definition.KmsKeyArn = kmsKeyArn;
  const startDate = timestamp(body.StartDate, "StartDate");
  const endDate = timestamp(body.EndDate, "EndDate");
  if (startDate !== undefined) definition.StartDate = startDate;
  if (endDate !== undefined) definition.EndDate = endDate;
  // AWS ignores both dates for one-time schedules, so it only checks them for recurring ones.
  if (expression.kind !== "at") {
    if (endDate !== undefined && endDate <= nowMs)
      throw invalid("The EndDate must be in the future.");
    if (startDate !== undefined && endDate !== undefined && endDate <= startDate) {
      throw invalid("The EndDate must be after the StartDate.");
    }
  }
  return { definition, expression };
}

const seconds = (ms: number) => ms / 1000;

/** The wire shape of a definition's fields, dates as epoch seconds. */
export function definitionToWire(definition: ScheduleDefinition): Json {
  const { StartDate, EndDate, ...rest } = definition;
  const wire: Json = { ...rest };
  if (StartDate !== undefined) wire.StartDate = seconds(StartDate);
  if (EndDate !== undefined) wire.EndDate = seconds(EndDate);
  return wire;
}
