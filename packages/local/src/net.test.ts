import { createServer } from "node:net";
import { describe, expect, it } from "vitest";
import { claimPort, HOST, PortInUse } from "./net.ts";

describe("port checks", () => {
  it("names the service and the variable to change when its port is taken", async () => {
    const holder = createServer();
    await new Promise<void>((resolve) => holder.listen(0, HOST, () => resolve()));
    const address = holder.address();
    const port = typeof address === "object" && address ? address.port : 0;
    try {
      const error = await claimPort("API", port, "CADENCE_API_PORT").catch((e: unknown) => e);
      expect(error).toBeInstanceOf(PortInUse);
      expect((error as Error).message).toContain(`API cannot start: port ${port}`);
      expect((error as Error).message).toContain("CADENCE_API_PORT");
    } finally {
      holder.close();
    }
  });

  it("hands out a free port when asked for port 0", async () => {
    const port = await claimPort("API", 0, "CADENCE_API_PORT");
    expect(port).toBeGreaterThan(0);
  });
});
