import { Service } from "electrodb";
import { documentClient, tableName } from "./client.ts";
import { AccountEntity } from "./entities/account.ts";
import { ActivityEntity } from "./entities/activity.ts";
import { ApiKeyEntity } from "./entities/api-key.ts";
import { AutorepostRuleEntity } from "./entities/autorepost-rule.ts";
import { BillingEventEntity } from "./entities/billing-event.ts";
import { BudgetEntity } from "./entities/budget.ts";
import { ConnectAttemptEntity } from "./entities/connect-attempt.ts";
import { CredentialEntity } from "./entities/credential.ts";
import { DeadLetterEntity } from "./entities/dead-letter.ts";
import { DeliveryFailureEntity } from "./entities/delivery-failure.ts";
import { EventEntity } from "./entities/event.ts";
import { FeedEntity, FeedEntryEntity } from "./entities/feed.ts";
import { HookDeliveryEntity } from "./entities/hook-delivery.ts";
import { HookEndpointEntity } from "./entities/hook-endpoint.ts";
import { HookEndpointCountEntity } from "./entities/hook-endpoint-count.ts";
import { IdempotencyEntity } from "./entities/idempotency.ts";
import { InvitationEntity } from "./entities/invitation.ts";
import { JobEntity } from "./entities/job.ts";
import { MailBatchEntity } from "./entities/mail-batch.ts";
import { MediaEntity } from "./entities/media.ts";
import { MediaRenditionEntity } from "./entities/media-rendition.ts";
import { MediaUsageEntity } from "./entities/media-usage.ts";
import { MemberEntity } from "./entities/member.ts";
import { NotificationEntity } from "./entities/notification.ts";
import { NotificationPreferenceEntity } from "./entities/notification-preference.ts";
import { PostEntity } from "./entities/post.ts";
import { PostMetricsEntity } from "./entities/post-metrics.ts";
import { PresetEntity } from "./entities/preset.ts";
import { ResetCodeEntity } from "./entities/reset-code.ts";
import { RollupEntity } from "./entities/rollup.ts";
import { ServerAppEntity } from "./entities/server-app.ts";
import { SessionEntity } from "./entities/session.ts";
import { SignUpRequestEntity } from "./entities/sign-up-request.ts";
import { SignatureEntity } from "./entities/signature.ts";
import { TargetEntity } from "./entities/target.ts";
import { TargetFiguresEntity } from "./entities/target-figures.ts";
import { TopPostEntity } from "./entities/top-post.ts";
import { UsageEntity } from "./entities/usage.ts";
import { UserEmailEntity, UserEntity } from "./entities/user.ts";
import { WebhookEventEntity } from "./entities/webhook-event.ts";
import { WeeklyReportEntity } from "./entities/weekly-report.ts";
import { WorkspaceEntity } from "./entities/workspace.ts";

let built: ReturnType<typeof build> | undefined;

function build() {
  return new Service(
    {
      user: UserEntity,
      userEmail: UserEmailEntity,
      workspace: WorkspaceEntity,
      usage: UsageEntity,
      billingEvent: BillingEventEntity,
      member: MemberEntity,
      invitation: InvitationEntity,
      apiKey: ApiKeyEntity,
      session: SessionEntity,
      signUpRequest: SignUpRequestEntity,
      resetCode: ResetCodeEntity,
      activity: ActivityEntity,
      idempotency: IdempotencyEntity,
      media: MediaEntity,
      mediaUsage: MediaUsageEntity,
      mediaRendition: MediaRenditionEntity,
      account: AccountEntity,
      post: PostEntity,
      target: TargetEntity,
      credential: CredentialEntity,
      budget: BudgetEntity,
      deadLetter: DeadLetterEntity,
      deliveryFailure: DeliveryFailureEntity,
      signature: SignatureEntity,
      preset: PresetEntity,
      connectAttempt: ConnectAttemptEntity,
      serverApp: ServerAppEntity,
      webhookEvent: WebhookEventEntity,
      postMetrics: PostMetricsEntity,
      targetFigures: TargetFiguresEntity,
      rollup: RollupEntity,
      topPost: TopPostEntity,
      weeklyReport: WeeklyReportEntity,
      autorepostRule: AutorepostRuleEntity,
      feed: FeedEntity,
      feedEntry: FeedEntryEntity,
      job: JobEntity,
      event: EventEntity,
      notification: NotificationEntity,
      notificationPreference: NotificationPreferenceEntity,
      mailBatch: MailBatchEntity,
      hookEndpoint: HookEndpointEntity,
      hookDelivery: HookDeliveryEntity,
      hookEndpointCount: HookEndpointCountEntity,
    },
    { table: tableName(), client: documentClient },
  );
}

/** The ElectroDB service over the one table, built on first use. */
export function db() {
  built ??= build();
  return built;
}
