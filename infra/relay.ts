import { api } from "./api";
import { functionSpecs } from "./function-specs";
import { plan, regionalArn } from "./stage";

// One stable OAuth callback address for real networks on preview stages. Production hosts the
// relay (functions/src/relay): register `<relayUrl>/connect/<network>/callback` with a network
// once, and put that address as `redirectUri` in a preview stage's `RealNetworkApps`. The
// OAuth `state` starts with the stage's name; the relay looks the stage's API up in SSM
// (`/cadence/stages/<stage>/api-url`, written below by each preview stage, removed with it)
// and sends the browser on with the query unchanged. It redirects only to registered APIs.

const parameters = (stage: string) => `parameter/${$app.name}/stages/${stage}/api-url`;

export const relay =
  plan.relay === "host"
    ? new sst.aws.Function("OAuthRelay", {
        handler: functionSpecs.relay.handler,
        url: true,
        memory: "256 MB",
        timeout: "10 seconds",
        permissions: [
          { actions: ["ssm:GetParameter"], resources: [regionalArn("ssm", parameters("*"))] },
        ],
      })
    : undefined;

if (plan.relay === "register") {
  new aws.ssm.Parameter("StageApiUrl", {
    name: `/${$app.name}/stages/${$app.stage}/api-url`,
    description: `Cadence ${$app.stage}: where the OAuth relay sends this stage's callbacks`,
    type: "String",
    value: api.url,
  });
}
