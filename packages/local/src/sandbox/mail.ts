import { Hono } from "hono";
import { html } from "hono/html";

export interface OutboxMessage {
  id: number;
  at: string;
  from: string;
  to: string;
  subject: string;
  text: string;
}

/**
 * The local outbox: where Cadence's mail goes when the stack runs locally. /_mail shows it to
 * a person; /_mail.json gives it to tests (newest first, filter with ?to=).
 */
export function mailRoutes(): Hono {
  const messages: OutboxMessage[] = [];
  const app = new Hono();

  app.post("/_mail", async (c) => {
    const body = (await c.req.json()) as Partial<OutboxMessage>;
    if (!body.to || !body.subject || typeof body.text !== "string") {
      return c.json({ error: "to, subject and text are required" }, 400);
    }
    messages.unshift({
      id: messages.length + 1,
      at: new Date().toISOString(),
      from: body.from ?? "",
      to: body.to,
      subject: body.subject,
      text: body.text,
    });
    return c.json({ ok: true }, 202);
  });

  app.get("/_mail.json", (c) => {
    const to = c.req.query("to")?.toLowerCase();
    return c.json({ items: to ? messages.filter((m) => m.to.toLowerCase() === to) : messages });
  });

  app.get("/_mail", (c) =>
    c.html(html`<!doctype html>
      <html lang="en">
        <head><meta charset="utf-8" /><title>Outbox · Cadence sandbox</title></head>
        <body style="font-family:system-ui;max-width:50rem;margin:2rem auto">
          <h1>Outbox</h1>
          <p>Mail Cadence sent while running locally, newest first.</p>
          ${messages.length === 0 ? html`<p>No mail yet.</p>` : ""}
          ${messages.map(
            (
              m,
            ) => html`<article style="border:1px solid #ccc;border-radius:8px;padding:1rem;margin:1rem 0">
              <p><strong>${m.subject}</strong><br />To ${m.to} · ${m.at}</p>
              <pre style="white-space:pre-wrap">${m.text}</pre>
            </article>`,
          )}
        </body>
      </html>`),
  );
  return app;
}
