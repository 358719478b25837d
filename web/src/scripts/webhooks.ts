import { client, ok, type Schema } from "../lib/api.ts";
import { confirmAction } from "../lib/dialog.ts";
import { byId, emptyState, h, notify, showContent, showError, showLoading } from "../lib/dom.ts";
import { bindForm } from "../lib/forms.ts";
import { can } from "../lib/roles.ts";
import { type AppContext, mountApp } from "../lib/shell.ts";
import { timeElement } from "../lib/time.ts";

type Endpoint = Schema<"WebhookEndpoint">;
type Delivery = Schema<"WebhookDelivery">;

/** The endpoint whose log is open. */
let logFor: Endpoint | undefined;

mountApp(async (context) => {
  if (!can.manageApiKeys(context.role)) {
    showContent(
      byId("hooks-denied"),
      h(
        "div",
        { class: "card" },
        emptyState({
          title: "Owners and admins manage webhooks",
          text: "Ask one of them to add an endpoint for your system.",
        }),
      ),
    );
    byId("hooks-denied").hidden = false;
    return;
  }
  byId("add-endpoint-card").hidden = false;
  byId("endpoints-card").hidden = false;
  byId("refresh-log").addEventListener("click", () => void loadLog(context));
  byId("dismiss-secret").addEventListener("click", () => {
    byId("new-secret-value").textContent = "";
    byId("new-secret").hidden = true;
  });
  await wireAdd(context);
  await loadEndpoints(context);
});

function revealSecret(title: string, secret: string): void {
  byId("new-secret-title").textContent = title;
  byId("new-secret-value").textContent = secret;
  const box = byId("new-secret");
  box.hidden = false;
  box.focus();
}

async function wireAdd(context: AppContext): Promise<void> {
  const { data } = await ok(client.GET("/event-types"));
  byId("event-choices").replaceChildren(
    ...data.items.map((item) =>
      h(
        "label",
        { class: "checkbox" },
        h("input", { type: "checkbox", name: "eventTypes", value: item.type }),
        ` ${item.type} — ${item.label}`,
      ),
    ),
  );
  const form = byId<HTMLFormElement>("add-endpoint-form");
  bindForm(
    form,
    async (values) => {
      const eventTypes = [
        ...form.querySelectorAll<HTMLInputElement>("input[name=eventTypes]:checked"),
      ].map((input) => input.value) as Endpoint["eventTypes"];
      const { data: created } = await ok(
        client.POST("/workspaces/{workspaceId}/webhook-endpoints", {
          params: { path: { workspaceId: context.workspaceId } },
          body: { url: values.url ?? "", description: values.description ?? "", eventTypes },
        }),
      );
      form.reset();
      revealSecret(`Signing secret for ${new URL(created.url).host}`, created.secret);
      await loadEndpoints(context);
    },
    { busyLabel: "Adding…" },
  );
}

async function loadEndpoints(context: AppContext): Promise<void> {
  const panel = byId("endpoints");
  if (!panel.hasChildNodes()) showLoading(panel, "Loading endpoints…");
  try {
    const { data } = await ok(
      client.GET("/workspaces/{workspaceId}/webhook-endpoints", {
        params: { path: { workspaceId: context.workspaceId } },
      }),
    );
    if (data.items.length === 0) {
      showContent(
        panel,
        emptyState({
          title: "No endpoints yet",
          text: "Add one above, then send a test event to see it arrive.",
        }),
      );
      return;
    }
    showContent(
      panel,
      h(
        "ul",
        { class: "rows" },
        data.items.map((e) => endpointRow(e, context)),
      ),
    );
  } catch (error) {
    showError(panel, error, () => void loadEndpoints(context));
  }
}

function endpointRow(endpoint: Endpoint, context: AppContext): HTMLLIElement {
  const path = { workspaceId: context.workspaceId, endpointId: endpoint.id };
  const act = (label: string, run: () => Promise<void>, style = "btn-secondary") =>
    h(
      "button",
      {
        type: "button",
        class: `btn ${style} btn-small`,
        onclick: () =>
          void run().catch((error: unknown) =>
            notify(error instanceof Error ? error.message : "That did not work. Try again."),
          ),
      },
      label,
    );
  const off = endpoint.state === "disabled";
  return h(
    "li",
    { class: "row", "data-endpoint": endpoint.url },
    h(
      "div",
      { class: "row-main" },
      h(
        "div",
        { class: "row-text" },
        h("p", { class: "row-title" }, endpoint.url),
        h(
          "p",
          { class: "row-sub" },
          endpoint.description ? `${endpoint.description} · ` : "",
          endpoint.eventTypes.length ? endpoint.eventTypes.join(", ") : "every event",
          endpoint.rotationEndsAt
            ? [
                " · the previous secret signs too until ",
                timeElement(endpoint.rotationEndsAt, context.workspace.timeZone),
              ]
            : "",
        ),
      ),
    ),
    h(
      "div",
      { class: "row-actions" },
      h(
        "span",
        { class: `badge ${off ? "" : "badge-success"}` },
        off ? (endpoint.disabledReason === "failing" ? "Off: kept failing" : "Off") : "On",
      ),
      act("Send test", async () => {
        await ok(
          client.POST("/workspaces/{workspaceId}/webhook-endpoints/{endpointId}/test", {
            params: { path },
          }),
        );
        notify("Test event sent. Its result shows in the delivery log.");
        logFor = endpoint;
        await loadLog(context);
      }),
      act("Delivery log", async () => {
        logFor = endpoint;
        await loadLog(context);
      }),
      act("Rotate secret", async () => {
        const { data } = await ok(
          client.POST("/workspaces/{workspaceId}/webhook-endpoints/{endpointId}/rotate-secret", {
            params: { path },
            body: { overlapHours: 24 },
          }),
        );
        revealSecret(
          `New signing secret for ${new URL(data.url).host} (the old one signs for 24 more hours)`,
          data.secret,
        );
        await loadEndpoints(context);
      }),
      act(off ? "Turn on" : "Turn off", async () => {
        await ok(
          client.PATCH("/workspaces/{workspaceId}/webhook-endpoints/{endpointId}", {
            params: { path },
            body: { state: off ? "enabled" : "disabled", version: endpoint.version },
          }),
        );
        notify(off ? "The endpoint is on again." : "The endpoint is off: nothing is sent to it.");
        await loadEndpoints(context);
      }),
      act(
        "Delete",
        async () => {
          const done = await confirmAction({
            title: "Delete this endpoint?",
            message: "Cadence stops sending to it, including retries already planned.",
            confirmLabel: "Delete endpoint",
            action: async () => {
              await ok(
                client.DELETE("/workspaces/{workspaceId}/webhook-endpoints/{endpointId}", {
                  params: { path },
                }),
              );
            },
          });
          if (done) await loadEndpoints(context);
        },
        "btn-danger-quiet",
      ),
    ),
  );
}

async function loadLog(context: AppContext): Promise<void> {
  const endpoint = logFor;
  if (!endpoint) return;
  byId("log-card").hidden = false;
  byId("log-title").textContent = `Delivery log: ${endpoint.url}`;
  const panel = byId("log");
  showLoading(panel, "Loading deliveries…");
  try {
    const { data } = await ok(
      client.GET("/workspaces/{workspaceId}/webhook-endpoints/{endpointId}/deliveries", {
        params: {
          path: { workspaceId: context.workspaceId, endpointId: endpoint.id },
          query: { limit: 50 },
        },
      }),
    );
    if (data.items.length === 0) {
      showContent(
        panel,
        emptyState({ title: "Nothing sent yet", text: "Send a test event to see one here." }),
      );
      return;
    }
    showContent(
      panel,
      h(
        "ul",
        { class: "rows" },
        data.items.map((d) => deliveryRow(d, endpoint, context)),
      ),
    );
  } catch (error) {
    showError(panel, error, () => void loadLog(context));
  }
}

function deliveryRow(delivery: Delivery, endpoint: Endpoint, context: AppContext): HTMLLIElement {
  const zone = context.workspace.timeZone;
  return h(
    "li",
    { class: "row", "data-delivery": delivery.eventType },
    h(
      "div",
      { class: "row-main" },
      h(
        "div",
        { class: "row-text" },
        h("p", { class: "row-title" }, delivery.eventType, " · ", h("code", {}, delivery.eventId)),
        h(
          "ol",
          { class: "attempts" },
          delivery.attempts.map((attempt) =>
            h(
              "li",
              {},
              timeElement(attempt.at, zone),
              ` · ${attempt.status ?? "no answer"} · ${attempt.durationMs} ms`,
              attempt.error ? ` · ${attempt.error}` : "",
            ),
          ),
        ),
        delivery.nextAttemptAt
          ? h("p", { class: "row-sub" }, "Next attempt ", timeElement(delivery.nextAttemptAt, zone))
          : null,
      ),
    ),
    h(
      "div",
      { class: "row-actions" },
      h(
        "span",
        { class: `badge ${delivery.status === "succeeded" ? "badge-success" : ""}` },
        { pending: "Trying", succeeded: "Delivered", failed: "Failed" }[delivery.status],
      ),
      delivery.status === "pending"
        ? null
        : h(
            "button",
            {
              type: "button",
              class: "btn btn-secondary btn-small",
              onclick: async () => {
                try {
                  await ok(
                    client.POST(
                      "/workspaces/{workspaceId}/webhook-endpoints/{endpointId}/deliveries/{deliveryId}/redeliver",
                      {
                        params: {
                          path: {
                            workspaceId: context.workspaceId,
                            endpointId: endpoint.id,
                            deliveryId: delivery.id,
                          },
                        },
                      },
                    ),
                  );
                  notify("Sent again. Refresh the log to see the result.");
                  await loadLog(context);
                } catch (error) {
                  notify(error instanceof Error ? error.message : "It could not be sent again.");
                }
              },
            },
            "Redeliver",
          ),
    ),
  );
}
