/**
 * How publish messages reach the consumer: one definition for infra (queue.ts, publish.ts) and
 * the local stack (its SQS queues and the worker that plays the event source mapping). Plain
 * constants with no imports: infra/ loads this file as it is.
 */
export const publishDelivery = {
  /**
   * The consumer's Lambda timeout: what one publish really takes. A video upload may run up to
   * 5 minutes (packages/networks/src/kit/upload.ts) and the network's processing wait up to 5
   * more (Meta containers, TikTok, Pinterest); a batch's records run side by side, so a batch
   * takes as long as its slowest. The claim's lease (core/target, 12 minutes) outlasts it.
   */
  consumerTimeoutSeconds: 600,
  /**
   * Just over the consumer's timeout: AWS refuses a mapping whose queue's visibility timeout is
   * shorter than the function's. AWS advises 6× so a throttled invocation is retried without a
   * second delivery, but that would hold a poison message for an hour per receive; a second
   * delivery is harmless here (the claim keeps a target to one publish), a slow DLQ is not.
   */
  visibilityTimeoutSeconds: 660,
  /**
   * Receives before SQS parks a message in the DLQ. Transient network failures never count
   * here: the consumer reschedules them itself and deletes the message. Only a crash or an
   * error from the store fails a receive, so three are enough to ride out a throttled moment.
   * A poison message is in the DLQ about three visibility timeouts (33 minutes) after it was
   * first received.
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
