import { once } from "node:events";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import {
  checkOutboundUrl,
  configureOutbound,
  download,
  guardedFetch,
  OutboundError,
} from "@cadence/networks";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { call, signUp } from "../support/api.ts";

// An attacker controls every URL below: a link in a post, a "Mastodon server" they run, the
// media URLs that server hands back. None may reach private space.

async function listen(handler: Parameters<typeof createServer>[1]): Promise<Server> {
  const server = createServer(handler);
  server.listen(0, "127.0.0.1");
  await once(server, "listening");
  return server;
}
const portOf = (server: Server) => (server.address() as AddressInfo).port;

async function refusal(run: () => Promise<unknown>): Promise<OutboundError> {
  try {
    await run();
  } catch (error) {
    if (error instanceof OutboundError) return error;
    throw error;
  }
  throw new Error("the guard let the request through");
}

let internal: Server; // a "private service": never in the allow list
let named: Server; // a local server this test names, standing in for a public site
let internalHits = 0;
let namedUrl: string;

beforeAll(async () => {
  internal = await listen((_request, response) => {
    internalHits += 1;
    response.end("secret internal text");
  });
  named = await listen((request, response) => {
    const target = new URL(request.url ?? "/", "http://x").searchParams.get("to");
    if (request.url?.startsWith("/redirect") && target) {
      response.writeHead(302, { location: target }).end();
    } else if (request.url === "/loop") {
      response.writeHead(302, { location: "/loop" }).end();
    } else if (request.url === "/big") {
      response.writeHead(200, { "content-type": "image/png" });
      response.end(Buffer.alloc(2_000_000));
    } else if (request.url === "/slow") {
      // never answers
    } else {
      response.writeHead(200, { "content-type": "text/html" }).end("<title>ok</title>");
    }
  });
  namedUrl = `http://127.0.0.1:${portOf(named)}`;
  configureOutbound({
    allowOrigins: [namedUrl],
    // The attacker's DNS: names that answer with private addresses.
    resolve: async (hostname) =>
      ({
        "rebind.test": ["127.0.0.1"],
        "metadata.test": ["169.254.169.254"],
        "mixed.test": ["93.184.216.34", "10.0.0.7"],
        "v6.test": ["::1"],
        "mapped.test": ["::ffff:127.0.0.1"],
      })[hostname] ?? Promise.reject(new Error(`ENOTFOUND ${hostname}`)),
  });
});

afterAll(() => {
  configureOutbound({});
  internal.close();
  named.close();
});

describe("the outbound fetch guard", () => {
  it.each([
    ["plain http", "http://example.com/", "scheme_not_allowed"],
    ["file", "file:///etc/passwd", "scheme_not_allowed"],
    ["ftp", "ftp://example.com/", "scheme_not_allowed"],
    ["javascript", "javascript:alert(1)", "scheme_not_allowed"],
    ["credentials in the URL", "https://user:pw@example.com/", "invalid_url"],
    ["loopback", "https://127.0.0.1/", "address_not_allowed"],
    ["loopback, short form", "https://127.1/", "address_not_allowed"],
    ["loopback, decimal", "https://2130706433/", "address_not_allowed"],
    ["loopback, octal", "https://0177.0.0.1/", "address_not_allowed"],
    ["loopback, hex", "https://0x7f.0.0.1/", "address_not_allowed"],
    ["unspecified", "https://0.0.0.0/", "address_not_allowed"],
    ["10/8", "https://10.1.2.3/", "address_not_allowed"],
    ["172.16/12", "https://172.20.0.1/", "address_not_allowed"],
    ["192.168/16", "https://192.168.0.1/", "address_not_allowed"],
    ["CGNAT", "https://100.64.0.1/", "address_not_allowed"],
    ["instance metadata", "https://169.254.169.254/latest/meta-data/", "address_not_allowed"],
    ["IPv6 loopback", "https://[::1]/", "address_not_allowed"],
    ["IPv6 metadata (unique local)", "https://[fd00:ec2::254]/", "address_not_allowed"],
    ["IPv6 link-local", "https://[fe80::1]/", "address_not_allowed"],
    ["IPv4-mapped loopback", "https://[::ffff:127.0.0.1]/", "address_not_allowed"],
    ["localhost by name", "https://localhost/", "address_not_allowed"],
  ])("refuses %s (%s) before any connection", async (_name, url, reason) => {
    expect((await refusal(() => guardedFetch(url))).reason).toBe(reason);
  });

  it.each([
    ["a name resolving to loopback", "https://rebind.test/"],
    ["a name resolving to the metadata address", "https://metadata.test/latest/meta-data/"],
    ["a name with one private address among public ones", "https://mixed.test/"],
    ["a name resolving to IPv6 loopback", "https://v6.test/"],
    ["a name resolving to an IPv4-mapped loopback", "https://mapped.test/"],
  ])("refuses %s at connect time", async (_name, url) => {
    expect((await refusal(() => guardedFetch(url))).reason).toBe("address_not_allowed");
  });

  it("checks every redirect again: into loopback, metadata, a rebinding name or plain http", async () => {
    const before = internalHits;
    for (const to of [
      `http://127.0.0.1:${portOf(internal)}/`,
      "https://169.254.169.254/latest/meta-data/",
      `https://rebind.test:${portOf(internal)}/`,
      "http://example.com/",
    ]) {
      const error = await refusal(() =>
        download(`${namedUrl}/redirect?to=${encodeURIComponent(to)}`, { maxBytes: 1000, type: "" }),
      );
      expect(["address_not_allowed", "scheme_not_allowed"]).toContain(error.reason);
    }
    expect(internalHits).toBe(before);
  });

  it("stops after a few redirects", async () => {
    expect(
      (await refusal(() => download(`${namedUrl}/loop`, { maxBytes: 10, type: "" }))).reason,
    ).toBe("too_many_redirects");
  });

  it("caps size and time", async () => {
    const big = await refusal(() =>
      download(`${namedUrl}/big`, { maxBytes: 1_000_000, type: "image/" }),
    );
    expect(big.reason).toBe("too_large");
    const slow = await refusal(() =>
      download(`${namedUrl}/slow`, { maxBytes: 10, type: "", timeoutMs: 300 }),
    );
    expect(slow.reason).toBe("unreachable");
  });

  it("says the same about an open and a closed private port, and never the remote's text", async () => {
    const closed = await listen(() => undefined);
    const closedPort = portOf(closed);
    closed.close();
    const open = await refusal(() => guardedFetch(`https://rebind.test:${portOf(internal)}/`));
    const shut = await refusal(() => guardedFetch(`https://rebind.test:${closedPort}/`));
    expect(open.message).toBe(shut.message);
    expect(open.reason).toBe(shut.reason);
    expect(open.message).not.toContain("secret");
  });

  it("lets a configured local origin through, and only that origin", async () => {
    const page = await download(`${namedUrl}/`, { maxBytes: 1000, type: "text/html" });
    expect(new TextDecoder().decode(page.bytes)).toContain("ok");
    expect(() => checkOutboundUrl(`http://127.0.0.1:${portOf(internal)}/`)).toThrow(OutboundError);
  });
});

describe("server addresses a person types", () => {
  it.each([
    "http://127.0.0.1:6379",
    "https://10.0.0.5",
    "https://169.254.169.254",
    "https://[::1]:8080",
    "https://localhost:22",
    "http://mastodon.social",
  ])(
    "a Mastodon server of %s is refused with a sentence, not the remote's answer",
    async (server) => {
      const owner = await signUp("ssrf");
      const response = await call<{ code: string; detail: string }>(
        "POST",
        `/workspaces/${owner.workspaceId}/connections`,
        { token: owner.accessToken, body: { network: "mastodon", server } },
      );
      expect(response.status).toBe(400);
      expect(response.body.code).toBe("invalid_server");
      expect(response.body.detail).not.toMatch(/ECONNREFUSED|socket|secret/i);
    },
  );
});
