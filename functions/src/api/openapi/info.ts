/** The document's `info`, the same at /openapi.json and in the file `pnpm openapi` writes. */
export const apiInfo = {
  title: "Cadence API",
  version: "1.0.0",
  description: "Schedule, approve and publish social media posts for teams.",
};

/** Paths are relative to where the document is served: the API's own origin. */
export const apiServers = [{ url: "/", description: "The API that serves this document" }];
