import { sandboxNetworkApps } from "../packages/local/src/sandbox/apps";
import { functionSpecs } from "./function-specs";
import { plan } from "./stage";

// The social networks' app credentials for this stage, as JSON:
// { "x": { "clientId": "…", "clientSecret": "…", "webhookSecret": "…" }, "linkedin": { … }, … }.
// A network missing from it answers "not configured" instead of failing at deploy time.
//
// Production: the `NetworkApps` secret, set by a person with
// `sst secret set NetworkApps "$(cat network-apps.json)" --stage production`. No sandbox.
//
// Other stages: the sandbox networks (packages/local/src/sandbox) run as a function URL and are
// every network's default, so QA connects, publishes and reads timelines with nothing set. To
// try a real network on such a stage, put its app in the optional `RealNetworkApps` secret
// (same JSON, with `redirectUri` set to the shared OAuth relay, see docs/infra.md); its entries
// replace the sandbox's for those networks.

/** The sandbox networks' server, on stages that get it (stage-plan.ts). */
export const sandbox = plan.sandbox
  ? new sst.aws.Function("SandboxNetworks", {
      handler: functionSpecs.sandbox.handler,
      url: true,
      // Its accounts and posts live in memory: one instance keeps them consistent.
      concurrency: { reserved: 1 },
      memory: "512 MB",
      timeout: "1 minute",
    })
  : undefined;

function previewNetworkApps(sandboxUrl: $util.Output<string>) {
  const real = new sst.Secret("RealNetworkApps", "{}");
  return new sst.Linkable("NetworkApps", {
    properties: {
      value: $resolve([sandboxUrl, real.value]).apply(([url, configured]) =>
        JSON.stringify({
          ...JSON.parse(sandboxNetworkApps(url)),
          ...JSON.parse(configured || "{}"),
        }),
      ),
    },
  });
}

export const networkApps = sandbox
  ? previewNetworkApps(sandbox.url)
  : new sst.Secret("NetworkApps", "{}");
