import { createHmac } from "node:crypto";
import { describe, expect, it } from "vitest";
import { call, mailTo, type Person, signUp, team } from "../support/api.ts";
import { deliver, deliverAll, stripeEvents, subscribe } from "../support/billing.ts";

type Billing = {
  plan: string;
  subscribedPlan: string;
  status: string;
  graceEndsAt: string | null;
  hasSubscription: boolean;
  limits: { limit: string; max: number }[];
};

const billingOf = async (owner: Person, workspaceId = owner.workspaceId) =>
  (await call<Billing>("GET", `/workspaces/${workspaceId}/billing`, { token: owner.accessToken }))
    .body;

async function customerOf(workspaceId: string): Promise<string> {
  const { db } = await import("@cadence/core/db/service");
  const item = (await db().entities.workspace.get({ workspaceId }).go()).data;
  return item?.stripeCustomerId ?? "";
}

const sandbox = () => process.env.CADENCE_NETWORKS_URL ?? "";

async function renewal(customer: string, paid: boolean): Promise<void> {
  const events = await stripeEvents(customer);
  const created = events.find((e) => e.type === "customer.subscription.created");
  const id = (JSON.parse(created?.payload ?? "{}") as { data: { object: { id: string } } }).data
    .object.id;
  await fetch(`${sandbox()}/_stripe/subscriptions/${id}/renewal`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ paid }),
  });
}

describe("subscriptions through Stripe", () => {
  it("an owner subscribes to Starter through Checkout with the test card; the webhook moves the plan", async () => {
    const owner = await signUp("stripe-subscribe");
    const { started, paid } = await subscribe(owner, owner.workspaceId, "starter");
    expect(started.body.url).toMatch(/\/stripe\/checkout\/cs_test_/);
    expect(paid.status).toBe(303);
    expect(paid.headers.get("location")).toContain("/billing?paid=1");

    const customer = await customerOf(owner.workspaceId);
    const events = await stripeEvents(customer);
    expect(events.map((e) => e.type)).toEqual([
      "customer.subscription.created",
      "invoice.paid",
      "checkout.session.completed",
    ]);
    await deliverAll(customer);
    const billing = await billingOf(owner);
    expect(billing).toMatchObject({ plan: "starter", status: "active", hasSubscription: true });
    expect(billing.limits.find((l) => l.limit === "accounts")?.max).toBe(10);

    const activity = await call<{ items: { action: string }[] }>(
      "GET",
      `/workspaces/${owner.workspaceId}/activity`,
      { token: owner.accessToken },
    );
    expect(activity.body.items.map((i) => i.action)).toEqual(
      expect.arrayContaining([
        "billing.checkout_started",
        "billing.subscription_changed",
        "billing.checkout_completed",
        "billing.invoice_paid",
      ]),
    );
  });

  it("a declined card says so on the checkout page, and nothing changes", async () => {
    const owner = await signUp("stripe-declined");
    const { paid } = await subscribe(owner, owner.workspaceId, "pro", "4000 0000 0000 0002");
    expect(paid.status).toBe(402);
    expect(await paid.text()).toContain("Your card was declined.");
    expect(await stripeEvents(await customerOf(owner.workspaceId))).toEqual([]);
    expect(await billingOf(owner)).toMatchObject({ status: "trialing", hasSubscription: false });
  });

  it("events applied once by id and in the subscription's order, however they arrive", async () => {
    const owner = await signUp("stripe-order");
    await subscribe(owner, owner.workspaceId, "starter");
    const customer = await customerOf(owner.workspaceId);
    await renewal(customer, false);
    await renewal(customer, true);
    const events = await stripeEvents(customer);
    expect(events.length).toBeGreaterThanOrEqual(7);
    // Newest first, each twice: the late past-due event must not win over the paid one.
    const answers = [];
    for (const event of [...events].reverse()) {
      answers.push(await deliver(event));
      answers.push(await deliver(event));
    }
    expect(answers.every((a) => a.status === 200)).toBe(true);
    expect(answers.filter((a) => a.body.applied)).toHaveLength(events.length);
    expect(await billingOf(owner)).toMatchObject({
      plan: "starter",
      status: "active",
      graceEndsAt: null,
    });
  });

  it("a failed renewal keeps the plan through a grace period, with a mail to the owner", async () => {
    const owner = await signUp("stripe-past-due");
    await subscribe(owner, owner.workspaceId, "pro");
    const customer = await customerOf(owner.workspaceId);
    await renewal(customer, false);
    await deliverAll(customer);
    const billing = await billingOf(owner);
    expect(billing).toMatchObject({ plan: "pro", status: "past_due" });
    const graceDays = (Date.parse(billing.graceEndsAt ?? "") - Date.now()) / 86_400_000;
    expect(graceDays).toBeGreaterThan(6.9);
    expect(graceDays).toBeLessThanOrEqual(7);
    const mail = await mailTo(owner.email);
    expect(mail.filter((m) => /Payment for .* failed/.test(m.subject))).toHaveLength(1);
  });

  it("a forged or altered event is refused with 401 and changes nothing", async () => {
    const owner = await signUp("stripe-forged");
    await subscribe(owner, owner.workspaceId, "starter");
    const customer = await customerOf(owner.workspaceId);
    const [created] = await stripeEvents(customer);
    if (!created) throw new Error("no event");
    const altered = await deliver({
      payload: created.payload.replace('"active"', '"canceled"'),
      signature: created.signature,
    });
    expect(altered.status).toBe(401);
    expect(altered.body).toMatchObject({ code: "webhook_signature_invalid" });
    const at = Math.floor(Date.now() / 1000);
    const forgedSignature = createHmac("sha256", "whsec_not_the_secret")
      .update(`${at}.${created.payload}`)
      .digest("hex");
    const forged = await deliver({
      payload: created.payload,
      signature: `t=${at},v1=${forgedSignature}`,
    });
    expect(forged.status).toBe(401);
    const unsigned = await call("POST", "/billing/stripe/webhook", { raw: created.payload });
    expect(unsigned.status).toBe(401);
    expect(await billingOf(owner)).toMatchObject({ status: "trialing", hasSubscription: false });
  });

  it("only owners manage billing; cancelling in the portal moves the workspace to Free", async () => {
    const ws = await team("stripe-roles");
    const checkout = (person: Person) =>
      call("POST", `/workspaces/${ws.workspaceId}/billing/checkout`, {
        token: person.accessToken,
        body: {
          plan: "starter",
          successUrl: "https://evil.example/x",
          cancelUrl: "https://evil.example/x",
        },
      });
    for (const person of [ws.admin, ws.editor, ws.viewer]) {
      expect((await checkout(person)).status).toBe(403);
    }
    expect((await checkout(ws.owner)).status).toBe(400);
    const viewerSees = await call("GET", `/workspaces/${ws.workspaceId}/billing`, {
      token: ws.viewer.accessToken,
    });
    expect(viewerSees.status).toBe(200);

    await onStarter(ws.owner, ws.workspaceId);
    const portal = await call<{ url: string }>(
      "POST",
      `/workspaces/${ws.workspaceId}/billing/portal`,
      {
        token: ws.owner.accessToken,
        body: { returnUrl: `${siteOrigin()}/billing` },
      },
    );
    expect(portal.status, portal.text).toBe(200);
    const page = await (await fetch(portal.body.url)).text();
    const cancel = /action="([^"]+\/cancel\/[^"]+)"/.exec(page)?.[1];
    expect(cancel).toBeDefined();
    await fetch(`${sandbox()}${cancel}`, { method: "POST", redirect: "manual" });
    await deliverAll(await customerOf(ws.workspaceId));
    expect(await billingOf(ws.owner, ws.workspaceId)).toMatchObject({
      plan: "free",
      status: "canceled",
    });
  });
});

function siteOrigin(): string {
  return new URL((JSON.parse(process.env.SST_RESOURCE_Web ?? "{}") as { url: string }).url).origin;
}

async function onStarter(owner: Person, workspaceId: string) {
  await subscribe(owner, workspaceId, "starter");
  await deliverAll(await customerOf(workspaceId));
}
