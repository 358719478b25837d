/**
 * How publish messages reach the consumer: one definition for infra (queue.ts, publish.ts) and
 * the local stack (its SQS queues and the worker that plays the event source mapping). Plain
 * constants with no imports: infra/ loads this file as it is.
 */
export const publishDelivery = {
  /**
   * The consumer's Lambda timeout: one batch of network calls (each bounded at 15 s by the
   * networks kit, a thread or a first comment adds a few) and their DynamoDB writes.
   */
  consumerTimeoutSeconds: 30,
  /**
   * Six times the consumer's timeout, as AWS advises for an SQS event source: the mapping
   * retries an invocation Lambda throttled within that time without a second delivery.
   */
  visibilityTimeoutSeconds: 180,
  /**
   * Receives before SQS parks a message in the DLQ. Transient network failures never count
   * here: the consumer reschedules them itself and deletes the message. Only a crash or an
   * error from the store fails a receive, so three are enough to ride out a throttled moment.
   * A poison message fails at about 0, 3 and 6 minutes and is moved to the DLQ when its third
   * visibility timeout runs out: nine minutes after its first failure (five receives of 180 s
   * took fifteen).
   */
  maxReceiveCount: 3,
  /** Records per invocation. */
  batchSize: 10,
  /**
   * How long the mapping gathers records before invoking with fewer than a full batch. None: a
   * post due alone would wait out the window, and under a burst each receive already returns
   * a full batch.
   */
  batchWindowSeconds: 0,
  /** The DLQ keeps messages the longest SQS allows: time to find the cause and redrive. */
  dlqRetentionSeconds: 14 * 24 * 60 * 60,
} as const;
