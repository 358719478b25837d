import { createServer } from "node:net";

export const HOST = "127.0.0.1";

/** Thrown when a fixed port is taken; the message names the service and how to move it. */
export class PortInUse extends Error {
  constructor(
    readonly service: string,
    readonly port: number,
    readonly envVar: string,
  ) {
    super(
      `${service} cannot start: port ${port} on ${HOST} is already in use. ` +
        `Stop whatever holds it, or set ${envVar} to another port (for example ${envVar}=${port + 10}).`,
    );
    this.name = "PortInUse";
  }
}

/** Binds and releases a port: 0 asks the OS for a free one. */
export function reservePort(port = 0): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.once("error", reject);
    server.listen(port, HOST, () => {
      const address = server.address();
      const bound = typeof address === "object" && address ? address.port : port;
      server.close(() => resolve(bound));
    });
  });
}

/** Returns the port to use for a service: a free one when asked for 0, else checks it is free. */
export async function claimPort(service: string, port: number, envVar: string): Promise<number> {
  try {
    return await reservePort(port);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "EADDRINUSE") {
      throw new PortInUse(service, port, envVar);
    }
    throw error;
  }
}

/** Polls `probe` until it resolves, or fails with the service's name after `timeoutMs`. */
export async function waitUntil(
  service: string,
  probe: () => Promise<unknown>,
  timeoutMs = 60_000,
): Promise<void> {
  const started = Date.now();
  let lastError: unknown;
  while (Date.now() - started < timeoutMs) {
    try {
      await probe();
      return;
    } catch (error) {
      lastError = error;
      await new Promise((resolve) => setTimeout(resolve, 150));
    }
  }
  const reason = lastError instanceof Error ? lastError.message : String(lastError);
  throw new Error(`${service} did not become healthy within ${timeoutMs} ms: ${reason}`);
}
