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

export interface Ports {
  scheduler: PublishScheduler;
  vault: Vault;
  queue: PublishQueue;
  deadLetters: DeadLetterQueue;
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
