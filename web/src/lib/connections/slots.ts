/**
 * An account's posting slots: for each weekday, the local times "add to queue" may use, in the
 * account's zone. Owners and admins change them; everyone else sees them.
 */
import { ApiError, client, ok } from "../api.ts";
import { h, messageOf, notify } from "../dom.ts";
import type { Account } from "../posts.ts";
import { at } from "../posts.ts";
import { fillTimeZones, isTimeZone } from "../time.ts";
import { formatClock } from "../zoned.ts";

const weekdays = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"];

export function slotsEditor(
  workspaceId: string,
  account: Account,
  editable: boolean,
  saved: (account: Account) => void,
): HTMLElement {
  const slots: Record<string, string[]> = {};
  for (let day = 1; day <= 7; day++)
    slots[String(day)] = [...(account.slots[String(day)] ?? [])].sort();
  const id = `slots-${account.id}`;
  const zone = h("input", {
    id: `${id}-zone`,
    class: "input",
    list: "time-zones",
    value: account.timeZone,
    autocomplete: "off",
    spellcheck: "false",
    readonly: !editable,
  });
  zone.addEventListener(
    "focus",
    () => fillTimeZones(document.getElementById("time-zones") as HTMLDataListElement),
    { once: true },
  );
  const status = h("p", { class: "muted", role: "status" });
  const problem = h("p", {
    class: "alert alert-error",
    role: "alert",
    tabindex: "-1",
    hidden: true,
  });
  const rows = h("tbody");

  const render = () => {
    rows.replaceChildren(
      ...weekdays.map((name, index) => {
        const day = String(index + 1);
        const times = slots[day] ?? [];
        const add = h("input", {
          type: "time",
          class: "input input-inline",
          "aria-label": `New time on ${name}`,
        });
        return h(
          "tr",
          { "data-weekday": day },
          h("th", { scope: "row" }, name),
          h(
            "td",
            null,
            h(
              "ul",
              { class: "slot-chips" },
              times.length
                ? times.map((time) =>
                    h(
                      "li",
                      { class: "slot-chip" },
                      formatClock(time),
                      editable
                        ? h(
                            "button",
                            {
                              type: "button",
                              class: "chip-remove",
                              "aria-label": `Remove ${formatClock(time)} on ${name}`,
                              onclick: () => {
                                slots[day] = times.filter((t) => t !== time);
                                status.textContent = "Unsaved changes";
                                render();
                              },
                            },
                            "×",
                          )
                        : null,
                    ),
                  )
                : h("li", { class: "muted" }, "No slots"),
            ),
            editable
              ? h(
                  "span",
                  { class: "slot-add" },
                  add,
                  h(
                    "button",
                    {
                      type: "button",
                      class: "btn btn-secondary btn-small",
                      onclick: () => {
                        if (!add.value) return add.focus();
                        slots[day] = [...new Set([...times, add.value])].sort();
                        status.textContent = "Unsaved changes";
                        render();
                        rows
                          .querySelector<HTMLInputElement>(`[data-weekday="${day}"] input`)
                          ?.focus();
                      },
                    },
                    `Add to ${name}`,
                  ),
                )
              : null,
          ),
        );
      }),
    );
  };
  render();

  const save = h("button", { type: "button", class: "btn btn-primary btn-small" }, "Save slots");
  save.addEventListener("click", async () => {
    problem.hidden = true;
    if (!isTimeZone(zone.value.trim())) {
      problem.textContent = "Choose a time zone from the list.";
      problem.hidden = false;
      zone.focus();
      return;
    }
    save.setAttribute("aria-busy", "true");
    try {
      const { data } = await ok(
        client.PUT("/workspaces/{workspaceId}/accounts/{accountId}/slots", {
          params: { path: { workspaceId, accountId: account.id } },
          body: { timeZone: zone.value.trim(), slots, version: account.version },
        }),
      );
      Object.assign(account, data);
      status.textContent = "Saved";
      notify(`Saved the posting slots of ${at(account.handle)}.`);
      saved(data);
    } catch (error) {
      problem.textContent =
        error instanceof ApiError && error.code === "version_conflict"
          ? "Someone else changed this account's slots. Reload the page to see them, then change them again."
          : messageOf(error);
      problem.hidden = false;
      problem.focus();
    } finally {
      save.removeAttribute("aria-busy");
    }
  });

  return h(
    "div",
    { class: "slots", id },
    h(
      "div",
      { class: "field form-narrow" },
      h("label", { for: zone.id }, "Time zone of the slots"),
      zone,
    ),
    h(
      "table",
      { class: "slot-table" },
      h("caption", { class: "visually-hidden" }, `Posting slots of ${at(account.handle)}`),
      rows,
    ),
    problem,
    editable ? h("div", { class: "form-actions" }, save, status) : null,
  );
}
