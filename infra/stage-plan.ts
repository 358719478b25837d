// What each stage gets, decided in one pure function so it can be tested without SST: infra/
// reads it to declare resources, infra/stage-plan.test.ts checks it. No SST globals here.

export interface StageEnvironment {
  /** A verified SES sender; without one, mail goes to the stage outbox. */
  MAIL_SENDER?: string;
}

export interface StagePlan {
  stage: string;
  production: boolean;
  /**
   * Secrets the program makes itself (AuthSecret), so `sst deploy --stage pr-N` needs no
   * `sst secret set` first. Production keeps secrets set by a person, never generated.
   */
  generatedSecrets: boolean;
  /** The sandbox networks deploy as a function URL and are the stage's default networks. */
  sandbox: boolean;
  /**
   * The OAuth relay real networks know for preview stages: production hosts it (a stable
   * address); every other stage registers its API's URL with it instead.
   */
  relay: "host" | "register";
  mail: { delivery: "ses" | "outbox"; sender: string };
  /** The KMS key survives a replacement or `sst remove` (retainOnDelete) and refuses deletion. */
  keepKey: boolean;
  /** HTTP API stage throttling: requests per second, and the bucket for bursts. */
  apiThrottle: { rateLimit: number; burstLimit: number };
  /**
   * At most this many publish consumers run at once on a preview stage (the event source
   * mapping's maximum concurrency, 2 at least), so a burst of due posts leaves the account's
   * Lambda concurrency (1,000 by default, shared by every function) to the API. Production's
   * mapping uses provisioned pollers instead (burst-model.ts); the two are exclusive.
   */
  publishMaxConcurrency: number;
  logRetention: "3 months" | "1 week";
}

const outboxSender = "Cadence <no-reply@cadence.invalid>";

export function stagePlan(stage: string, env: StageEnvironment): StagePlan {
  const production = stage === "production";
  const sender = env.MAIL_SENDER?.trim();
  if (production && !sender) {
    throw new Error("Set MAIL_SENDER to a verified SES sender address to deploy production.");
  }
  return {
    stage,
    production,
    generatedSecrets: !production,
    sandbox: !production,
    relay: production ? "host" : "register",
    mail: sender ? { delivery: "ses", sender } : { delivery: "outbox", sender: outboxSender },
    keepKey: production,
    apiThrottle: production
      ? { rateLimit: 200, burstLimit: 400 }
      : { rateLimit: 20, burstLimit: 40 },
    publishMaxConcurrency: production ? 20 : 2,
    logRetention: production ? "3 months" : "1 week",
  };
}
