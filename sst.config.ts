/// <reference path="./.sst/platform/config.d.ts" />

export default $config({
  app(input) {
    return {
      name: "cadence",
      home: "aws",
      // Production is permanent; every other stage is disposable and fully removed.
      removal: input.stage === "production" ? "retain" : "remove",
      protect: input.stage === "production",
    };
  },
  async run() {
    // First: function defaults and link permissions apply only to later resources.
    await import("./infra/defaults");
    await import("./infra/storage");
    await import("./infra/queue");
    await import("./infra/scheduler");
    await import("./infra/publish");
    await import("./infra/mail");
    await import("./infra/networks");
    await import("./infra/auth");
    const { api } = await import("./infra/api");
    await import("./infra/cron");
    const { web } = await import("./infra/web");
    await import("./infra/alarms");

    return {
      apiUrl: api.url,
      siteUrl: web.url,
    };
  },
});
