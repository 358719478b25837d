import { plan } from "./stage";

// Sign-in is the API's own (packages/core/src/auth): scrypt password hashes, short-lived HS256
// access tokens and rotating refresh-token families with reuse detection, all in the main
// table. This secret signs the access tokens and list cursors.
//
// Production: a person sets it once, before the first deploy, and it is never generated:
// `sst secret set AuthSecret "$(openssl rand -base64 48)" --stage production`.
// Other stages: the program makes 64 random characters and keeps them in the stage's state,
// so a PR stage deploys with no manual step and keeps its sessions across deploys.
export const authSecret = plan.generatedSecrets
  ? new sst.Linkable("AuthSecret", {
      properties: {
        value: new random.RandomPassword("AuthSecretValue", { length: 64, special: false }).result,
      },
    })
  : new sst.Secret("AuthSecret");
