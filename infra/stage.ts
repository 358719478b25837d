// What a stage is. "production" is the only permanent stage; PR stages ("pr-<n>") and
// personal stages are disposable, and `sst remove` deletes everything they created.
// What each kind of stage gets is decided in stage-plan.ts.
import { stagePlan } from "./stage-plan";

export const plan = stagePlan($app.stage, { MAIL_SENDER: process.env.MAIL_SENDER });

export const isProduction = plan.production;

/** Physical names for resources we name ourselves: unique per app and stage. */
export function resourceName(suffix: string) {
  return `${$app.name}-${$app.stage}-${suffix}`;
}

/** Long enough on production to investigate an incident after the fact; short elsewhere. */
export const logRetention = plan.logRetention;

export const { accountId } = aws.getCallerIdentityOutput();
const { region } = aws.getRegionOutput();
const { partition } = aws.getPartitionOutput();

/** The ARN of a resource in this stage's account and region, for naming it in IAM. */
export function regionalArn(service: string, resource: $util.Input<string>) {
  return $interpolate`arn:${partition}:${service}:${region}:${accountId}:${resource}`;
}
