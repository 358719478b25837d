import { Hono } from "hono";
import { z } from "zod";
import { type Faults, faultInput, UnscopedFault } from "./faults.ts";
import { sampleRoutes } from "./samples.ts";
import { type SandboxState, sandboxNetworks } from "./state.ts";

/**
 * The control API tests use, under /_sandbox: fault knobs, reset, the posts each network
 * received (to assert no duplicates), a clock to advance (metrics grow with post age), and
 * sample media.
 */
export function controlRoutes(state: SandboxState, faults: Faults): Hono {
  const app = new Hono();
  app.route("/", sampleRoutes());
  app.post("/faults", async (c) => {
    const parsed = faultInput.safeParse(await c.req.json().catch(() => undefined));
    if (!parsed.success)
      return c.json({ error: "invalid fault", issues: parsed.error.issues }, 400);
    try {
      return c.json(faults.add(parsed.data), 201);
    } catch (error) {
      if (error instanceof UnscopedFault) return c.json({ error: error.message }, 400);
      throw error;
    }
  });
  app.get("/faults", (c) => c.json({ faults: faults.all() }));
  app.delete("/faults", (c) => {
    if (faults.options.shared)
      return c.json(
        {
          error:
            "This sandbox is shared by concurrent test files; its faults are cleared as they are used.",
        },
        409,
      );
    faults.clear();
    return c.body(null, 204);
  });
  app.post("/reset", (c) => {
    if (faults.options.shared)
      return c.json(
        { error: "This sandbox is shared by concurrent test files; it cannot be reset." },
        409,
      );
    state.reset();
    faults.clear();
    return c.body(null, 204);
  });
  app.post("/clock", async (c) => {
    const body = z
      .object({
        advanceSeconds: z.number().nonnegative(),
        network: z.enum(sandboxNetworks).optional(),
        /** Handle: only this account's posts age, as if the clock had moved for them alone. */
        account: z.string().optional(),
      })
      .safeParse(await c.req.json().catch(() => undefined));
    if (!body.success)
      return c.json(
        {
          error:
            "advanceSeconds must be a non-negative number; network and account, if given, name one account",
        },
        400,
      );
    const { advanceSeconds, network, account } = body.data;
    if (network && account) {
      const found = state.accountByHandle(network, account);
      if (!found) return c.json({ error: `no ${network} account ${account} in the sandbox` }, 404);
      state.agePosts(network, found.id, advanceSeconds);
      return c.json({ now: new Date(state.now()).toISOString() });
    }
    if (faults.options.shared)
      return c.json(
        {
          error:
            "This sandbox is shared by concurrent test files: name the network and account whose posts should age, or start a sandbox of your own to move its clock.",
        },
        400,
      );
    state.advance(advanceSeconds);
    return c.json({ now: new Date(state.now()).toISOString() });
  });
  app.get("/posts", (c) => {
    const network = z.enum(sandboxNetworks).safeParse(c.req.query("network"));
    if (!network.success)
      return c.json({ error: `network must be one of ${sandboxNetworks.join(", ")}` }, 400);
    const handle = c.req.query("account");
    const account = handle ? state.accountByHandle(network.data, handle) : undefined;
    const posts = state.postsOf(network.data, handle ? (account?.id ?? "none") : undefined);
    return c.json({
      network: network.data,
      count: posts.length,
      requests: state.received.get(network.data) ?? 0,
      posts: posts.map((p) => ({
        id: p.id,
        account: p.handle,
        text: p.text,
        replyTo: p.replyTo,
        media: p.media,
        createdAt: new Date(p.createdAt).toISOString(),
        ...p.extra,
      })),
    });
  });
  return app;
}
