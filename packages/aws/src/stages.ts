import { GetParameterCommand, ParameterNotFound, SSMClient } from "@aws-sdk/client-ssm";
import type { StageDirectory } from "@cadence/core/connect/relay";
import { clientOf } from "./clients.ts";

const ssm = () => clientOf(SSMClient);

/** Where each stage writes its API's URL (infra/relay.ts), one SSM parameter per stage. */
export const stageParameter = (app: string, stage: string) => `/${app}/stages/${stage}/api-url`;

/** The stages' API URLs, read from the parameters each non-production stage writes. */
export function ssmStageDirectory(app: string): StageDirectory {
  return async (stage) => {
    try {
      const found = await ssm().send(new GetParameterCommand({ Name: stageParameter(app, stage) }));
      return found.Parameter?.Value;
    } catch (error) {
      if (error instanceof ParameterNotFound) return undefined;
      throw error;
    }
  };
}
