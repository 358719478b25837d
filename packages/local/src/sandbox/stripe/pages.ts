import { Hono } from "hono";
import { escapeHtml, page } from "../pages.ts";
import { cancelNow } from "./api.ts";
import { now, type StripeObject, type StripeState } from "./state.ts";

/** Stripe's documented test cards and the messages its hosted pages show for them. */
const cards: Record<string, { ok: true } | { ok: false; message: string }> = {
  "4242424242424242": { ok: true },
  "5555555555554444": { ok: true },
  "4000000000000002": { ok: false, message: "Your card was declined." },
  "4000000000009995": { ok: false, message: "Your card has insufficient funds." },
  "4000000000000069": { ok: false, message: "Your card has expired." },
  "4000000000000127": { ok: false, message: "Your card's security code is incorrect." },
};

function cardResult(raw: string): { ok: true } | { ok: false; message: string } {
  const number = raw.replace(/[\s-]/g, "");
  const known = cards[number];
  if (known) return known;
  if (!/^\d{12,19}$/.test(number)) return { ok: false, message: "Your card number is incorrect." };
  return {
    ok: false,
    message: "Your card was declined. Your request was in test mode, but used a non test card.",
  };
}

function amountOf(price: StripeObject | undefined): string {
  return `$${((Number(price?.unit_amount) || 0) / 100).toFixed(2)}`;
}

function checkoutPage(session: StripeObject, price: StripeObject | undefined, error?: string) {
  return page(
    "Pay — Cadence (Stripe sandbox)",
    `<h1>Subscribe to Cadence ${escapeHtml(String(price?.nickname ?? ""))}</h1>
<p>${amountOf(price)} per month. A local stand-in for Stripe Checkout: use test card 4242 4242 4242 4242.</p>
${error ? `<p role="alert" id="card-error" style="color:#b00020">${escapeHtml(error)}</p>` : ""}
<form method="post">
<label>Card number <input name="cardNumber" id="cardNumber" inputmode="numeric" autocomplete="cc-number" required></label><br>
<label>Expiry <input name="expiry" id="expiry" placeholder="MM / YY" value="12 / 34"></label>
<label>CVC <input name="cvc" id="cvc" value="123"></label><br>
<button type="submit" id="pay">Subscribe</button>
</form>
${session.cancel_url ? `<p><a href="${escapeHtml(String(session.cancel_url))}">Back</a></p>` : ""}`,
  );
}

/** The hosted pages: Checkout (takes a test card) and the Customer Portal (cancels). */
export function stripePages(state: StripeState): Hono {
  const app = new Hono();

  app.get("/checkout/:id", (c) => {
    const session = state.sessions.get(c.req.param("id"));
    if (!session)
      return c.html(page("Not found", "<h1>This checkout link is not valid.</h1>"), 404);
    if (session.status !== "open") {
      return c.html(page("Done", "<h1>This checkout is already complete.</h1>"), 410);
    }
    return c.html(checkoutPage(session, state.prices.get(session.lineItems[0]?.price ?? "")));
  });

  app.post("/checkout/:id", async (c) => {
    const session = state.sessions.get(c.req.param("id"));
    if (session?.status !== "open") {
      return c.html(page("Not found", "<h1>This checkout link is not valid.</h1>"), 404);
    }
    const form = await c.req.parseBody();
    const price = state.prices.get(session.lineItems[0]?.price ?? "");
    const result = cardResult(String(form.cardNumber ?? ""));
    if (!result.ok) return c.html(checkoutPage(session, price, result.message), 402);
    const subscription = state.subscribe(session, price?.id ?? "");
    const invoice = state.invoice(subscription, true);
    session.status = "complete";
    session.payment_status = "paid";
    session.subscription = subscription.id;
    // The order Stripe usually sends them in; Cadence must not depend on it.
    state.emit("customer.subscription.created", subscription);
    state.emit("invoice.paid", invoice);
    const { lineItems: _items, subscription_data: _data, ...visible } = session;
    state.emit("checkout.session.completed", visible);
    const back = String(session.success_url).replace("{CHECKOUT_SESSION_ID}", session.id);
    return c.redirect(back, 303);
  });

  app.get("/portal/:id", (c) => {
    const portal = state.portalSessions.get(c.req.param("id"));
    if (!portal) return c.html(page("Not found", "<h1>This portal link is not valid.</h1>"), 404);
    const subscriptions = [...state.subscriptions.values()].filter(
      (s) => s.customer === portal.customer && s.status !== "canceled",
    );
    const rows = subscriptions
      .map((s) => {
        const price = (s.items as { data: { price: StripeObject }[] }).data[0]?.price;
        return `<li>${escapeHtml(String(price?.nickname ?? "Plan"))} — ${amountOf(price)} a month, ${escapeHtml(String(s.status))}
<form method="post" action="/stripe/portal/${escapeHtml(portal.id)}/cancel/${escapeHtml(s.id)}"><button id="cancel-${escapeHtml(s.id)}">Cancel subscription</button></form></li>`;
      })
      .join("");
    return c.html(
      page(
        "Billing portal (Stripe sandbox)",
        `<h1>Billing portal</h1><ul>${rows || "<li>No active subscription.</li>"}</ul>
<p><a href="${escapeHtml(String(portal.return_url ?? "/"))}">Return to Cadence</a></p>`,
      ),
    );
  });

  app.post("/portal/:id/cancel/:subscription", (c) => {
    const portal = state.portalSessions.get(c.req.param("id"));
    const subscription = state.subscriptions.get(c.req.param("subscription"));
    if (!portal || !subscription || subscription.customer !== portal.customer) {
      return c.html(page("Not found", "<h1>No such subscription.</h1>"), 404);
    }
    cancelNow(state, subscription);
    return c.redirect(String(portal.return_url ?? "/"), 303);
  });

  return app;
}

/** Test controls: a renewal that fails or goes through, and the events sent so far. */
export function stripeControl(state: StripeState): Hono {
  const app = new Hono();
  app.post("/subscriptions/:id/renewal", async (c) => {
    const subscription = state.subscriptions.get(c.req.param("id"));
    if (!subscription) return c.json({ error: "no such subscription" }, 404);
    const { paid } = (await c.req.json()) as { paid: boolean };
    const invoice = state.invoice(subscription, paid);
    subscription.status = paid ? "active" : "past_due";
    if (paid) {
      const items = subscription.items as { data: StripeObject[] };
      for (const item of items.data) {
        item.current_period_start = now();
        item.current_period_end = now() + 30 * 86_400;
      }
    }
    state.emit(paid ? "invoice.paid" : "invoice.payment_failed", invoice);
    state.emit("customer.subscription.updated", subscription);
    return c.json(subscription);
  });
  app.get("/events", (c) => {
    const customer = c.req.query("customer");
    return c.json(state.deliveries.filter((d) => !customer || d.customer === customer));
  });
  return app;
}
