/**
 * The composer's "When" section: now, a date and time in a zone (the workspace's by default),
 * the accounts' queues, a recurring rule built from a small form (shown as its RRULE with the
 * next occurrences), or evergreen with a minimum gap.
 */
import { client } from "../api.ts";
import { byId, h } from "../dom.ts";
import type { Account, ScheduleIntent } from "../posts.ts";
import { at } from "../posts.ts";
import {
  type Frequency,
  nextOccurrences,
  type RuleForm,
  sentence,
  toRrule,
} from "../recurrence.ts";
import { fillTimeZones, isTimeZone, timeElement, viewerZone } from "../time.ts";
import { dateKey, instantOf, localDateTime, timeKey, todayIn, wallOf } from "../zoned.ts";

export type Mode = Exclude<ScheduleIntent["mode"], "draft">;

const input = (id: string) => byId<HTMLInputElement>(id);

export class ScheduleSection {
  private readonly form: HTMLFormElement;

  private queueKey = "";

  constructor(
    form: HTMLFormElement,
    private readonly workspaceZone: string,
    private readonly changed: () => void,
    private readonly workspaceId = "",
  ) {
    this.form = form;
    for (const zone of [input("at-zone"), input("repeat-zone")]) {
      zone.value = workspaceZone;
      zone.addEventListener("focus", () => fillTimeZones(byId<HTMLDataListElement>("time-zones")), {
        once: true,
      });
    }
    const soon = new Date(Date.now() + 60 * 60_000);
    soon.setMinutes(0);
    const start = localDateTime(
      new Date(soon.getTime() + 60 * 60_000).toISOString(),
      workspaceZone,
    );
    for (const prefix of ["at", "repeat"]) {
      input(`${prefix}-date`).value = start.date;
      input(`${prefix}-time`).value = start.time;
    }
    input("at-date").min = todayIn(workspaceZone);
    form.addEventListener("input", (event) => {
      if ((event.target as HTMLElement).closest("#schedule")) this.update();
    });
    form.addEventListener("change", (event) => {
      if ((event.target as HTMLElement).closest("#schedule")) this.update();
    });
    this.update();
  }

  get mode(): Mode {
    const checked = this.form.querySelector<HTMLInputElement>(
      "input[name='schedule.mode']:checked",
    );
    return (checked?.value ?? "at") as Mode;
  }

  /** Prefills from the calendar's "new post on this day" or an existing post's schedule. */
  load(intent: ScheduleIntent | undefined, date?: string, time?: string): void {
    if (date && /^\d{4}-\d{2}-\d{2}$/.test(date)) input("at-date").value = date;
    if (time && /^\d{2}:\d{2}$/.test(time)) input("at-time").value = time;
    if (intent && intent.mode !== "draft") {
      this.setMode(intent.mode);
      if (intent.mode === "at") {
        const local = /(?:Z|[+-]\d{2}:?\d{2})$/i.test(intent.at)
          ? localDateTime(intent.at, intent.timeZone)
          : { date: intent.at.slice(0, 10), time: intent.at.slice(11, 16) };
        input("at-date").value = local.date;
        input("at-time").value = local.time;
        input("at-zone").value = intent.timeZone;
      }
      if (intent.mode === "recurring") this.loadRule(intent);
      if (intent.mode === "evergreen") input("evergreen-gap").value = String(intent.minGapDays);
    }
    this.update();
  }

  setMode(mode: Mode): void {
    const radio = this.form.querySelector<HTMLInputElement>(
      `input[name='schedule.mode'][value='${mode}']`,
    );
    if (radio) radio.checked = true;
    this.update();
  }

  /** The intent to send, or a problem to show at a field (API field names). */
  intent(): { intent: ScheduleIntent } | { field: string; message: string } {
    const mode = this.mode;
    if (mode === "now" || mode === "queue") return { intent: { mode } };
    if (mode === "evergreen") {
      const days = Number(input("evergreen-gap").value);
      if (!Number.isInteger(days) || days < 1 || days > 365) {
        return { field: "schedule.minGapDays", message: "Choose a gap of 1 to 365 days." };
      }
      return { intent: { mode, minGapDays: days } };
    }
    if (mode === "at") {
      const date = input("at-date").value;
      const time = input("at-time").value;
      const zone = input("at-zone").value.trim();
      if (!date) return { field: "schedule.at", message: "Pick a date." };
      if (!time) return { field: "at-time", message: "Pick a time." };
      if (!isTimeZone(zone))
        return { field: "schedule.timeZone", message: "Choose a time zone from the list." };
      if (instantOf(date, time, zone) < Date.now() - 60_000) {
        return {
          field: "schedule.at",
          message: "That time has passed. Pick a later time, or publish now.",
        };
      }
      return { intent: { mode, at: `${date}T${time}`, timeZone: zone } };
    }
    const rule = this.rule();
    if ("field" in rule) return rule;
    return {
      intent: {
        mode: "recurring",
        start: `${rule.startDate}T${rule.startTime}`,
        timeZone: rule.timeZone,
        rrule: toRrule(rule),
      },
    };
  }

  /** The element an API field names, in the visible part of the section. */
  inputFor(field: string): HTMLElement | undefined {
    const byField: Record<string, string> = {
      "schedule.at": "at-date",
      "at-time": "at-time",
      "schedule.timeZone": this.mode === "recurring" ? "repeat-zone" : "at-zone",
      "schedule.start": "repeat-date",
      "schedule.rrule": "repeat-frequency",
      "schedule.minGapDays": "evergreen-gap",
      "repeat-count": "repeat-count",
      "repeat-until": "repeat-until",
      "repeat-days": "repeat-day-1",
    };
    const id = byField[field];
    return id ? byId(id) : undefined;
  }

  /** Queue mode needs posting slots on every account. */
  noteAccounts(accounts: Account[]): void {
    const missing = accounts.filter((a) => !Object.values(a.slots).some((times) => times.length));
    const note = byId("queue-missing");
    note.hidden = missing.length === 0;
    note.textContent = missing.length
      ? `${missing.map((a) => `${at(a.handle)}`).join(", ")} ${missing.length === 1 ? "has" : "have"} no posting slots yet. Add them on the Queue page, or pick a time.`
      : "";
    this.showQueueTimes(accounts.filter((a) => !missing.includes(a)));
  }

  /** Asks again which slots are next (a post just took one), on the next noteAccounts. */
  forgetQueueTimes(): void {
    this.queueKey = "";
  }

  /** Says which slot "next free slot" takes for each account, before the post is added. */
  private showQueueTimes(accounts: Account[]): void {
    const list = byId("queue-next");
    const key = this.mode === "queue" ? accounts.map((a) => a.id).join(",") : "";
    if (key === this.queueKey) return;
    this.queueKey = key;
    if (!key || !this.workspaceId) {
      list.replaceChildren();
      return;
    }
    void client
      .POST("/workspaces/{workspaceId}/posts/check", {
        params: { path: { workspaceId: this.workspaceId } },
        body: {
          text: "",
          mediaIds: [],
          targets: accounts.map((a) => ({ accountId: a.id, overrides: {} })),
          schedule: { mode: "queue" },
        },
      })
      .then(({ data }) => {
        // Stale answers (the accounts changed meanwhile) and failures leave it to Schedule to say.
        if (!data || key !== this.queueKey) return;
        list.replaceChildren(
          ...data.due.map((due) => {
            const account = accounts.find((a) => a.id === due.accountId);
            return h(
              "li",
              { "data-queue-account": due.accountId },
              `${account ? at(account.handle) : "An account"}: `,
              timeElement(due.dueAt, this.workspaceZone),
            );
          }),
        );
      });
  }

  private loadRule(intent: Extract<ScheduleIntent, { mode: "recurring" }>): void {
    input("repeat-date").value = intent.start.slice(0, 10);
    input("repeat-time").value = intent.start.slice(11, 16);
    input("repeat-zone").value = intent.timeZone;
    const parts = new Map(
      intent.rrule
        .replace(/^RRULE:/i, "")
        .split(";")
        .map((part) => part.split("=") as [string, string]),
    );
    const frequency = parts.get("FREQ");
    if (frequency === "DAILY" || frequency === "WEEKLY" || frequency === "MONTHLY") {
      byId<HTMLSelectElement>("repeat-frequency").value = frequency;
    }
    input("repeat-interval").value = parts.get("INTERVAL") ?? "1";
    const days = (parts.get("BYDAY") ?? "").split(",");
    ["MO", "TU", "WE", "TH", "FR", "SA", "SU"].forEach((code, index) => {
      input(`repeat-day-${index + 1}`).checked = days.includes(code);
    });
    const count = parts.get("COUNT");
    const until = parts.get("UNTIL");
    const end = count ? "count" : until ? "until" : "never";
    const radio = this.form.querySelector<HTMLInputElement>(
      `input[name='repeat-end'][value='${end}']`,
    );
    if (radio) radio.checked = true;
    if (count) input("repeat-count").value = count;
    if (until)
      input("repeat-until").value =
        `${until.slice(0, 4)}-${until.slice(4, 6)}-${until.slice(6, 8)}`;
  }

  private rule(): RuleForm | { field: string; message: string } {
    const zone = input("repeat-zone").value.trim();
    const startDate = input("repeat-date").value;
    const startTime = input("repeat-time").value;
    if (!startDate || !startTime)
      return { field: "schedule.start", message: "Pick the first date and time." };
    if (!isTimeZone(zone))
      return { field: "schedule.timeZone", message: "Choose a time zone from the list." };
    const interval = Number(input("repeat-interval").value || "1");
    if (!Number.isInteger(interval) || interval < 1 || interval > 99) {
      return { field: "schedule.rrule", message: "Repeat every 1 to 99 days, weeks or months." };
    }
    const weekdays = [1, 2, 3, 4, 5, 6, 7].filter((day) => input(`repeat-day-${day}`).checked);
    const endKind = this.form.querySelector<HTMLInputElement>(
      "input[name='repeat-end']:checked",
    )?.value;
    let end: RuleForm["end"] = { kind: "never" };
    if (endKind === "count") {
      const count = Number(input("repeat-count").value);
      if (!Number.isInteger(count) || count < 1 || count > 999) {
        return { field: "repeat-count", message: "Choose 1 to 999 times." };
      }
      end = { kind: "count", count };
    }
    if (endKind === "until") {
      const date = input("repeat-until").value;
      if (!date || date < startDate) {
        return { field: "repeat-until", message: "Pick an end date on or after the first one." };
      }
      end = { kind: "until", date };
    }
    return {
      frequency: byId<HTMLSelectElement>("repeat-frequency").value as Frequency,
      interval,
      weekdays,
      end,
      startDate,
      startTime,
      timeZone: zone,
    };
  }

  private update(): void {
    const mode = this.mode;
    for (const panel of this.form.querySelectorAll<HTMLElement>("[data-mode-panel]")) {
      panel.hidden = panel.dataset.modePanel !== mode;
    }
    byId("repeat-days").hidden = byId<HTMLSelectElement>("repeat-frequency").value !== "WEEKLY";
    const endKind = this.form.querySelector<HTMLInputElement>(
      "input[name='repeat-end']:checked",
    )?.value;
    input("repeat-count").disabled = endKind !== "count";
    input("repeat-until").disabled = endKind !== "until";
    if (mode === "at") this.describeAt();
    if (mode === "recurring") this.describeRule();
    this.changed();
  }

  private describeAt(): void {
    const hint = byId("at-when");
    const date = input("at-date").value;
    const time = input("at-time").value;
    const zone = input("at-zone").value.trim();
    if (!date || !time || !isTimeZone(zone)) {
      hint.textContent = "";
      return;
    }
    const at = instantOf(date, time, zone);
    const minutes = Math.round((at - Date.now()) / 60_000);
    const when =
      minutes < -1
        ? "That time has passed."
        : minutes < 60
          ? `In ${Math.max(0, minutes)} minute${minutes === 1 ? "" : "s"}.`
          : minutes < 48 * 60
            ? `In ${Math.round(minutes / 60)} hour${Math.round(minutes / 60) === 1 ? "" : "s"}.`
            : `In ${Math.round(minutes / 1440)} days.`;
    const wall = wallOf(at, viewerZone);
    hint.textContent =
      zone === viewerZone
        ? when
        : `${when} That is ${dateKey(wall) === date ? "" : `${dateKey(wall)} `}${timeKey(wall)} your time (${viewerZone}).`;
  }

  private describeRule(): void {
    const code = byId("repeat-rule");
    const summary = byId("repeat-summary");
    const list = byId("repeat-next");
    const rule = this.rule();
    if ("field" in rule) {
      code.textContent = "—";
      summary.textContent = rule.message;
      list.replaceChildren();
      return;
    }
    code.textContent = `RRULE:${toRrule(rule)}`;
    summary.textContent = `${sentence(rule)}.`;
    const next = nextOccurrences(rule, 5);
    list.replaceChildren(
      ...(next.length
        ? next.map((iso) => h("li", null, timeElement(iso, rule.timeZone)))
        : [
            h(
              "li",
              { class: "muted" },
              "No occurrences after now: move the start or the end later.",
            ),
          ]),
    );
  }
}
