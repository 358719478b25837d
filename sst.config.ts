/// <reference path="./.sst/platform/config.d.ts" />

export default $config({
  app(input) {
    return {
      name: "cadence",
      home: "aws",
      // Production is permanent; every other stage is disposable and fully removed.
      removal: input.stage === "production" ? "retain" : "remove",
      protect: input.stage === "production",
      // random: non-production stages generate their own AuthSecret (infra/auth.ts).
      providers: { aws: "7.20.0", random: "4.16.6" },
    };
  },
  async run() {
    // First: function defaults and link permissions apply only to later resources.
    await import("./infra/defaults");
    await import("./infra/storage");
    await import("./infra/queue");
    await import("./infra/events");
    await import("./infra/scheduler");
    await import("./infra/mail");
    await import("./infra/networks");
    await import("./infra/publish");
    await import("./infra/jobs");
    await import("./infra/auth");
    const { api } = await import("./infra/api");
    const { web } = await import("./infra/web");
    // After the site: the API's function checks `returnTo` against the site's origin.
    await import("./infra/api-route");
    await import("./infra/event-consumer");
    const { relay } = await import("./infra/relay");
    await import("./infra/cron");
    await import("./infra/alarms");
    const { sandbox } = await import("./infra/networks");

    return {
      apiUrl: api.url,
      siteUrl: web.url,
      // Non-production stages: the sandbox networks' timelines and control API.
      ...(sandbox ? { sandboxUrl: sandbox.url } : {}),
      // Production: the OAuth relay real networks know for preview stages (docs/infra.md).
      ...(relay ? { relayUrl: relay.url } : {}),
    };
  },
});
