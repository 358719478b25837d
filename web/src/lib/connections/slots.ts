/**
 * An account's posting slots as a weekly grid: one row per local time, one column per weekday,
 * a tick where "add to queue" may post. Shortcuts tick a time on every day or on weekdays; the
 * grid can be copied to other accounts (each keeps its own zone: slots are wall-clock times).
 * Owners and admins change them; everyone else sees them.
 */
import { ApiError, client, ok } from "../api.ts";
import { h, messageOf, notify } from "../dom.ts";
import type { Account } from "../posts.ts";
import { at } from "../posts.ts";
import { fillTimeZones, isTimeZone } from "../time.ts";
import { formatClock } from "../zoned.ts";

const weekdays = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"];
const days = ["1", "2", "3", "4", "5", "6", "7"];
const workdays = ["1", "2", "3", "4", "5"];

type Slots = Record<string, string[]>;

/** time → the weekdays it is ticked on, from the API's weekday → times. */
function toGrid(slots: Slots): Map<string, Set<string>> {
  const grid = new Map<string, Set<string>>();
  for (const day of days) {
    for (const time of slots[day] ?? []) {
      const ticked = grid.get(time) ?? new Set<string>();
      ticked.add(day);
      grid.set(time, ticked);
    }
  }
  return grid;
}

function fromGrid(grid: Map<string, Set<string>>): Slots {
  return Object.fromEntries(
    days.map((day) => [
      day,
      [...grid]
        .filter(([, ticked]) => ticked.has(day))
        .map(([time]) => time)
        .sort(),
    ]),
  );
}

export function slotsEditor(
  workspaceId: string,
  account: Account,
  editable: boolean,
  saved: (account: Account) => void,
  others: Account[] = [],
): HTMLElement {
  const grid = toGrid(account.slots);
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
  const changed = () => {
    status.textContent = "Unsaved changes";
  };

  const shortcut = (label: string, time: string, apply: () => void) =>
    h(
      "button",
      {
        type: "button",
        class: "btn btn-ghost btn-small",
        "aria-label": `${label}: ${formatClock(time)}`,
        onclick: () => {
          apply();
          changed();
          render();
        },
      },
      label,
    );

  const render = () => {
    const times = [...grid.keys()].sort();
    if (times.length === 0) {
      rows.replaceChildren(
        h("tr", null, h("td", { colspan: "9", class: "muted" }, "No posting times yet.")),
      );
      return;
    }
    rows.replaceChildren(
      ...times.map((time) => {
        const ticked = grid.get(time) ?? new Set<string>();
        return h(
          "tr",
          { "data-time": time },
          h("th", { scope: "row" }, formatClock(time)),
          ...days.map((day, index) =>
            h(
              "td",
              { class: "slot-cell" },
              h("input", {
                type: "checkbox",
                checked: ticked.has(day),
                disabled: !editable,
                "aria-label": `${formatClock(time)} on ${weekdays[index]}`,
                onchange: (event: Event) => {
                  if ((event.target as HTMLInputElement).checked) ticked.add(day);
                  else ticked.delete(day);
                  changed();
                },
              }),
            ),
          ),
          editable
            ? h(
                "td",
                { class: "slot-row-actions" },
                shortcut("Every day", time, () => grid.set(time, new Set(days))),
                shortcut("Weekdays", time, () => grid.set(time, new Set(workdays))),
                shortcut("Remove", time, () => grid.delete(time)),
              )
            : null,
        );
      }),
    );
  };
  render();

  const newTime = h("input", {
    id: `${id}-new`,
    type: "time",
    class: "input input-inline",
  });
  const addTime = h(
    "button",
    {
      type: "button",
      class: "btn btn-secondary btn-small",
      onclick: () => {
        if (!newTime.value) return newTime.focus();
        // A new time starts on weekdays, the most common choice; one click widens it.
        if (!grid.has(newTime.value)) grid.set(newTime.value, new Set(workdays));
        changed();
        render();
        newTime.value = "";
        newTime.focus();
      },
    },
    "Add time",
  );

  const showProblem = (message: string, focus?: HTMLElement) => {
    problem.textContent = message;
    problem.hidden = false;
    (focus ?? problem).focus();
  };

  const save = h("button", { type: "button", class: "btn btn-primary btn-small" }, "Save slots");
  save.addEventListener("click", async () => {
    problem.hidden = true;
    if (!isTimeZone(zone.value.trim()))
      return showProblem("Choose a time zone from the list.", zone);
    save.setAttribute("aria-busy", "true");
    try {
      const { data } = await ok(
        client.PUT("/workspaces/{workspaceId}/accounts/{accountId}/slots", {
          params: { path: { workspaceId, accountId: account.id } },
          body: { timeZone: zone.value.trim(), slots: fromGrid(grid), version: account.version },
        }),
      );
      Object.assign(account, data);
      status.textContent = "Saved";
      notify(`Saved the posting slots of ${at(account.handle)}.`);
      saved(data);
    } catch (error) {
      showProblem(
        error instanceof ApiError && error.code === "version_conflict"
          ? "Someone else changed this account's slots. Reload the page to see them, then change them again."
          : messageOf(error),
      );
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
      { class: "slot-grid" },
      h("caption", { class: "visually-hidden" }, `Posting slots of ${at(account.handle)}`),
      h(
        "thead",
        null,
        h(
          "tr",
          null,
          h("th", { scope: "col" }, "Time"),
          ...weekdays.map((name) =>
            h("th", { scope: "col" }, h("abbr", { title: name }, name.slice(0, 3))),
          ),
          editable
            ? h("th", { scope: "col" }, h("span", { class: "visually-hidden" }, "Shortcuts"))
            : null,
        ),
      ),
      rows,
    ),
    editable
      ? h(
          "div",
          { class: "slot-add" },
          h("label", { for: newTime.id }, "New posting time"),
          newTime,
          addTime,
        )
      : null,
    problem,
    editable ? h("div", { class: "form-actions" }, save, status) : null,
    editable && others.length
      ? copyPanel(workspaceId, account, others, () => fromGrid(grid))
      : null,
  );
}

/**
 * Copies the grid as it stands to the chosen accounts, one save each: an account someone else
 * changed meanwhile is named and left as it was, the others are saved.
 */
function copyPanel(
  workspaceId: string,
  account: Account,
  others: Account[],
  current: () => Slots,
): HTMLElement {
  const status = h("p", { class: "muted", role: "status" });
  const boxes = others.map((other) => h("input", { type: "checkbox", value: other.id }));
  const picks = others.map((other, index) =>
    h("label", { class: "check" }, boxes[index] ?? null, ` ${at(other.handle)}`),
  );
  const copy = h(
    "button",
    { type: "button", class: "btn btn-secondary btn-small" },
    "Copy to chosen accounts",
  );
  copy.addEventListener("click", async () => {
    const chosen = others.filter((_, index) => boxes[index]?.checked);
    if (chosen.length === 0) {
      status.textContent = "Choose at least one account to copy to.";
      return;
    }
    copy.setAttribute("aria-busy", "true");
    const slots = current();
    const results = await Promise.all(
      chosen.map(async (other) => {
        try {
          const { data } = await ok(
            client.PUT("/workspaces/{workspaceId}/accounts/{accountId}/slots", {
              params: { path: { workspaceId, accountId: other.id } },
              body: { timeZone: other.timeZone, slots, version: other.version },
            }),
          );
          Object.assign(other, data);
          return { other, error: undefined };
        } catch (error) {
          return { other, error: messageOf(error) };
        }
      }),
    );
    copy.removeAttribute("aria-busy");
    const done = results.filter((r) => !r.error).map((r) => at(r.other.handle));
    const failed = results.filter((r) => r.error);
    status.textContent = [
      done.length ? `Copied to ${done.join(", ")}.` : "",
      ...failed.map((r) => `${at(r.other.handle)} was not changed: ${r.error}`),
    ]
      .filter(Boolean)
      .join(" ");
    if (done.length)
      notify(`Copied the posting slots of ${at(account.handle)} to ${done.join(", ")}.`);
  });
  return h(
    "fieldset",
    { class: "slot-copy" },
    h("legend", null, "Copy these times to other accounts"),
    h("p", { class: "muted" }, "Each keeps its own time zone: 09:00 stays 09:00 where it posts."),
    h("div", { class: "slot-copy-picks" }, ...picks),
    h("div", { class: "form-actions" }, copy, status),
  );
}
