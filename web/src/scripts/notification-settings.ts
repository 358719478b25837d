import { client, ok, type Schema } from "../lib/api.ts";
import { byId, h, notify, showError, showLoading } from "../lib/dom.ts";
import { bindForm } from "../lib/forms.ts";
import { type AppContext, mountApp } from "../lib/shell.ts";
import { fillTimeZones } from "../lib/time.ts";

type Preferences = Schema<"NotificationPreferences">;
type Channel = Preferences["events"][number]["channel"];

const channelLabels: Record<Channel, string> = {
  in_app: "In the app",
  email: "By email",
  both: "In the app and by email",
  digest: "In the daily digest",
  none: "Not at all",
};

const audienceNotes = { author: "your posts", admins: "for owners and admins" } as const;

mountApp(async (context) => {
  const status = byId("preferences-status");
  showLoading(status, "Loading your settings…");
  try {
    const { data } = await ok(
      client.GET("/workspaces/{workspaceId}/notification-preferences", {
        params: { path: { workspaceId: context.workspaceId } },
      }),
    );
    status.replaceChildren();
    render(context, data);
  } catch (error) {
    showError(status, error, () => location.reload());
  }
});

function render(context: AppContext, prefs: Preferences): void {
  const form = byId<HTMLFormElement>("preferences-form");
  byId("preference-rows").replaceChildren(
    ...prefs.events.map((event) =>
      h(
        "tr",
        {},
        h(
          "th",
          { scope: "row" },
          h("label", { for: `channel-${event.type}` }, event.label),
          h("span", { class: "field-hint" }, ` (${audienceNotes[event.audience]})`),
        ),
        h(
          "td",
          {},
          h(
            "select",
            { class: "select", id: `channel-${event.type}`, name: `channel:${event.type}` },
            (Object.keys(channelLabels) as Channel[]).map((channel) =>
              h(
                "option",
                { value: channel, selected: channel === event.channel },
                `${channelLabels[channel]}${channel === event.defaultChannel ? " (default)" : ""}`,
              ),
            ),
          ),
        ),
      ),
    ),
  );
  const zone = byId<HTMLInputElement>("digest-zone");
  zone.value = prefs.timeZone;
  zone.addEventListener("focus", () => fillTimeZones(byId<HTMLDataListElement>("time-zones")), {
    once: true,
  });
  byId<HTMLInputElement>("mail-on").checked = !prefs.mailOff;
  form.hidden = false;
  bindForm(
    form,
    async (values) => {
      const channels = Object.fromEntries(
        Object.entries(values)
          .filter(([name]) => name.startsWith("channel:"))
          .map(([name, value]) => [name.slice("channel:".length), value]),
      ) as Record<string, Channel>;
      await ok(
        client.PUT("/workspaces/{workspaceId}/notification-preferences", {
          params: { path: { workspaceId: context.workspaceId } },
          body: {
            channels,
            timeZone: values.timeZone || undefined,
            mailOff: !byId<HTMLInputElement>("mail-on").checked,
          },
        }),
      );
      notify("Your notification settings are saved.");
    },
    { busyLabel: "Saving…" },
  );
}
