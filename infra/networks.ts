// The social networks' app credentials for this stage, as one JSON secret:
// { "x": { "clientId": "…", "clientSecret": "…", "webhookSecret": "…" }, "linkedin": { … }, … }.
// A network missing from it answers "not configured" instead of failing at deploy time, so a
// pull request's stage works without every app. Set it with
// `sst secret set NetworkApps "$(cat network-apps.json)" --stage <stage>`.
export const networkApps = new sst.Secret("NetworkApps", "{}");
