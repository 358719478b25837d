/**
 * What the domain needs from the outside, named once. Entry points (functions/, tests, the
 * local stack) provide implementations; core never imports an adapter.
 */
export interface PublishMessage {
  workspaceId: string;
  targetId: string;
  version: number;
}

export interface PublishScheduler {
  /** Arranges for `{workspaceId, targetId, version}` to reach the publish queue at `dueAt`. */
  schedule(message: PublishMessage & { dueAt: string }): Promise<void>;
  /** Removes the arrangement for that target version, if it is still pending. */
  cancel(message: PublishMessage): Promise<void>;
}

/** Envelope encryption of secrets, bound to the tenant ids in `context`. */
export interface Vault {
  seal(plaintext: string, context: Record<string, string>): Promise<string>;
  /** Refuses a sealed value whose context differs from `context`. */
  open(sealed: string, context: Record<string, string>): Promise<string>;
}

/** Sends a publish message to the queue, held back up to 900 s. */
export interface PublishQueue {
  send(message: PublishMessage, delaySeconds: number): Promise<void>;
}

/** The publish DLQ, read so dead messages can be shown to their workspace and redriven. */
export interface DeadLetterQueue {
  /** Up to 10 messages, with the body, receive count and the sender's error attributes. */
  receive(): Promise<
    {
      handle: string;
      messageId: string;
      body: string;
      receiveCount: number;
      /** Set when SQS moved it here from a source queue after maxReceiveCount receives. */
      sourceQueueArn?: string;
      attributes: Record<string, string>;
    }[]
  >;
  remove(handle: string): Promise<void>;
}

/** A browser upload to one key, signed so the store itself refuses another type or size. */
export interface PresignedUpload {
  method: "POST";
  url: string;
  /** Send these form fields first, then the file as the last field, named `file`. */
  fields: Record<string, string>;
  expiresAt: string;
}

/** The stage's object store (the media bucket): files, renditions, job results, the outbox. */
export interface Blobs {
  presignUpload(input: {
    key: string;
    contentType: string;
    maxBytes: number;
    expiresInSeconds: number;
  }): Promise<PresignedUpload>;
  /** A short-lived GET URL; `downloadName` makes browsers save it under that name. */
  presignGet(key: string, expiresInSeconds: number, downloadName?: string): Promise<string>;
  /** Size and type, or undefined when there is no such object. */
  head(key: string): Promise<{ sizeBytes: number; contentType?: string } | undefined>;
  /** The first `length` bytes (fewer if the object is shorter). */
  readStart(key: string, length: number): Promise<Uint8Array>;
  /** The whole object, or undefined when there is no such object. */
  read(key: string): Promise<Buffer | undefined>;
  put(key: string, body: Buffer | string, contentType: string): Promise<void>;
  /** Moves an object inside the store, setting the type its bytes turned out to be. */
  move(from: string, to: string, contentType: string): Promise<void>;
  /** Deletes objects; one already gone is not an error. */
  remove(...keys: string[]): Promise<void>;
  /** Keys under `prefix` in key order, at most `limit`. */
  list(prefix: string, limit: number): Promise<string[]>;
}

export interface MailMessage {
  to: string;
  subject: string;
  text: string;
  /** Extra headers (List-Unsubscribe, List-Unsubscribe-Post), already free of line breaks. */
  headers?: Record<string, string>;
}

/** Sends transactional mail from the stage's sender. */
export interface Mailer {
  send(message: MailMessage): Promise<void>;
}

/** Sends a job message to the jobs queue (imports, exports, video processing). */
export interface JobQueue {
  send(message: JobMessage): Promise<void>;
}

export interface JobMessage {
  workspaceId: string;
  jobId: string;
}

/**
 * A message on the events queue: fan out a recorded event, attempt a webhook delivery, or send
 * a person's batched notification mail. `notBefore` lets a wait longer than SQS's 15-minute
 * delay be made of several hops.
 */
export type EventMessage =
  | { kind: "fanout"; workspaceId: string; eventId: string }
  | {
      kind: "deliver";
      workspaceId: string;
      endpointId: string;
      deliveryId: string;
      /** The attempt this message is for: a stale or duplicate message finds it taken. */
      attempt: number;
      notBefore: string;
    }
  | { kind: "mail"; workspaceId: string; userId: string; window: string; notBefore: string };

/** Sends a message to the events queue, held back up to 900 s. */
export interface EventQueue {
  send(message: EventMessage, delaySeconds: number): Promise<void>;
}

export interface Ports {
  scheduler: PublishScheduler;
  vault: Vault;
  queue: PublishQueue;
  deadLetters: DeadLetterQueue;
  blobs: Blobs;
  mailer: Mailer;
  jobs: JobQueue;
  events: EventQueue;
}

let provided: Ports | undefined;

export function providePorts(ports: Ports): void {
  provided = ports;
}

export function usePorts(): Ports {
  if (!provided) {
    throw new Error("ports were not provided: the entry point must call providePorts() at start");
  }
  return provided;
}
