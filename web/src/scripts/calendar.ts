import { client, ok, type Query } from "../lib/api.ts";
import {
  byDay,
  type Placed,
  type Range,
  rangeOf,
  step,
  titleOf,
  type View,
  views,
} from "../lib/calendar/range.ts";
import {
  hourHeight,
  listView,
  monthView,
  nowLine,
  type Surface,
  timelineView,
} from "../lib/calendar/render.ts";
import {
  byId,
  emptyState,
  h,
  messageOf,
  notify,
  showContent,
  showError,
  showLoading,
} from "../lib/dom.ts";
import { field, formDialog } from "../lib/form-dialog.ts";
import { networkName } from "../lib/networks.ts";
import { markCalendarSeen } from "../lib/onboarding.ts";
import { moveTo } from "../lib/post-actions.ts";
import {
  type Account,
  accountName,
  accountsById,
  type CalendarEntry,
  can,
  movableStates,
  type Post,
  stateLabels,
  targetStates,
} from "../lib/posts.ts";
import { type AppContext, mountApp } from "../lib/shell.ts";
import { viewerZone } from "../lib/time.ts";
import { instantOf, localDateTime, todayIn } from "../lib/zoned.ts";

const surfaceElement = byId("calendar");
const status = byId("cal-status");
const filters = byId<HTMLFormElement>("cal-filters");
const filterNames = ["accountId", "network", "tag", "state"] as const;

interface State {
  view: View;
  date: string;
  filters: Record<(typeof filterNames)[number], string>;
}

mountApp(async (context) => {
  markCalendarSeen(context.workspaceId);
  showLoading(surfaceElement, "Loading the calendar…");
  const zone = context.workspace.timeZone;
  byId("calendar-lead").textContent =
    zone === viewerZone
      ? `Days and times in ${zone}, the workspace's zone.`
      : `Days and times in ${zone}, the workspace's zone (you are in ${viewerZone}; hover a post for your time).`;
  const params = new URLSearchParams(location.search);
  const state: State = {
    view: views.includes(params.get("view") as View) ? (params.get("view") as View) : "month",
    date: /^\d{4}-\d{2}-\d{2}$/.test(params.get("date") ?? "")
      ? (params.get("date") as string)
      : todayIn(zone),
    filters: { accountId: "", network: "", tag: "", state: "" },
  };
  for (const name of filterNames) state.filters[name] = params.get(name) ?? "";

  const accounts = await ok(
    client.GET("/workspaces/{workspaceId}/accounts", {
      params: { path: { workspaceId: context.workspaceId } },
    }),
  )
    .then((r) => r.data.items)
    .catch(() => [] as Account[]);
  fillFilters(accounts, state);
  const calendar = new Calendar(context, accountsById(accounts), state);
  await calendar.load();
});

function fillFilters(accounts: Account[], state: State): void {
  byId("filter-account").append(
    ...accounts.map((a) =>
      h("option", { value: a.id }, `${accountName(a)} · ${networkName(a.network)}`),
    ),
  );
  byId("filter-network").append(
    ...[...new Set(accounts.map((a) => a.network))].map((n) =>
      h("option", { value: n }, networkName(n)),
    ),
  );
  byId("filter-state").append(
    ...targetStates.map((s) => h("option", { value: s }, stateLabels[s])),
  );
  for (const name of filterNames) {
    (filters.elements.namedItem(name) as HTMLInputElement).value = state.filters[name];
  }
}

class Calendar {
  private entries: CalendarEntry[] = [];
  private loaded = "";
  private generation = 0;
  private dragged: CalendarEntry | undefined;
  private readonly zone: string;
  private readonly surface: Surface;

  constructor(
    private readonly context: AppContext,
    accounts: Map<string, Account>,
    private readonly state: State,
  ) {
    this.zone = context.workspace.timeZone;
    const mover = can.write(context.role);
    this.surface = {
      zone: this.zone,
      today: todayIn(this.zone),
      accounts,
      movable: (entry) => mover && movableStates.includes(entry.state),
      openDay: (day) => this.go({ view: "day", date: day }),
    };
    this.wireToolbar();
    this.wireSurface();
    // Today's line keeps up with the clock.
    window.setInterval(() => {
      const line = surfaceElement.querySelector(".cal-now");
      if (line) line.replaceWith(nowLine(this.zone));
    }, 60_000);
  }

  get range(): Range {
    return rangeOf(this.state.view, this.state.date, this.zone);
  }

  go(change: Partial<State>): void {
    Object.assign(this.state, change);
    void this.load();
  }

  async load(): Promise<void> {
    const range = this.range;
    const filters = Object.fromEntries(
      filterNames.filter((name) => this.state.filters[name]).map((n) => [n, this.state.filters[n]]),
    ) as Partial<Query<"listCalendar">>;
    const query = new URLSearchParams({
      from: range.from,
      to: range.to,
      ...(filters as Record<string, string>),
    });
    this.syncUrl();
    byId("cal-title").textContent = titleOf(this.state.view, range);
    for (const button of document.querySelectorAll<HTMLButtonElement>("[data-view]")) {
      button.setAttribute("aria-pressed", String(button.dataset.view === this.state.view));
    }
    const key = query.toString();
    if (key === this.loaded) return this.render();
    const mine = ++this.generation;
    showLoading(surfaceElement, "Loading the calendar…");
    status.textContent = "";
    try {
      const entries: CalendarEntry[] = [];
      let cursor: string | null | undefined;
      do {
        if (cursor) query.set("cursor", cursor);
        const { data } = await ok(
          client.GET("/workspaces/{workspaceId}/calendar", {
            params: {
              path: { workspaceId: this.context.workspaceId },
              query: {
                ...filters,
                from: range.from,
                to: range.to,
                limit: 1000,
                ...(cursor ? { cursor } : {}),
              },
            },
          }),
        );
        entries.push(...data.items);
        cursor = data.cursor;
      } while (cursor && mine === this.generation);
      if (mine !== this.generation) return;
      this.entries = entries;
      this.loaded = key;
      this.render();
    } catch (error) {
      if (mine === this.generation) showError(surfaceElement, error, () => void this.load());
    }
  }

  private render(): void {
    const range = this.range;
    const days = byDay(this.entries, this.zone);
    const shown = range.days.reduce((sum, day) => sum + (days.get(day)?.length ?? 0), 0);
    status.textContent = `${shown} post${shown === 1 ? "" : "s"} ${this.state.view === "day" ? "this day" : this.state.view === "week" ? "this week" : "in view"}${this.filtered() ? " matching the filters" : ""}.`;
    if (this.state.view === "list" && shown === 0) {
      showContent(
        surfaceElement,
        emptyState({
          title: this.filtered() ? "Nothing matches these filters" : "Nothing this month",
          text: this.filtered()
            ? "Clear a filter to see more."
            : "Posts you schedule show up here.",
          action: can.write(this.context.role)
            ? h("a", { class: "btn btn-secondary", href: "/app/compose" }, "Write a post")
            : undefined,
        }),
      );
      return;
    }
    const view =
      this.state.view === "month"
        ? monthView(range, days, this.surface)
        : this.state.view === "list"
          ? listView(range, days, this.surface)
          : timelineView(range, days, this.surface);
    showContent(surfaceElement, view);
    const body = surfaceElement.querySelector<HTMLElement>(".cal-timeline-body");
    if (body) body.scrollTop = this.firstHour(range, days) * hourHeight;
    surfaceElement.dataset.ready = "true";
    performance.mark("calendar:rendered");
  }

  /** Week and day views open at the first post, or at 7:00. */
  private firstHour(range: Range, days: Map<string, Placed[]>): number {
    const minutes = range.days.flatMap((day) => (days.get(day) ?? []).map((p) => p.minutes));
    return Math.max(0, Math.min(7, Math.floor(Math.min(...minutes, 7 * 60) / 60) - 1));
  }

  private filtered(): boolean {
    return filterNames.some((name) => this.state.filters[name]);
  }

  private syncUrl(): void {
    const url = new URL(location.href);
    url.search = "";
    url.searchParams.set("view", this.state.view);
    url.searchParams.set("date", this.state.date);
    for (const name of filterNames)
      if (this.state.filters[name]) url.searchParams.set(name, this.state.filters[name]);
    history.replaceState(null, "", url);
  }

  private wireToolbar(): void {
    byId("cal-previous").addEventListener("click", () =>
      this.go({ date: step(this.state.view, this.state.date, -1) }),
    );
    byId("cal-next").addEventListener("click", () =>
      this.go({ date: step(this.state.view, this.state.date, 1) }),
    );
    byId("cal-today").addEventListener("click", () => this.go({ date: todayIn(this.zone) }));
    for (const button of document.querySelectorAll<HTMLButtonElement>("[data-view]")) {
      button.addEventListener("click", () => this.go({ view: button.dataset.view as View }));
    }
    let typing: number | undefined;
    filters.addEventListener("input", (event) => {
      const target = event.target as HTMLInputElement;
      window.clearTimeout(typing);
      const apply = () => {
        for (const name of filterNames) {
          this.state.filters[name] = (
            filters.elements.namedItem(name) as HTMLInputElement
          ).value.trim();
        }
        void this.load();
      };
      if (target.name === "tag") typing = window.setTimeout(apply, 300);
      else apply();
    });
    filters.addEventListener("submit", (event) => event.preventDefault());
  }

  private wireSurface(): void {
    surfaceElement.addEventListener("click", (event) => {
      const target = event.target as HTMLElement;
      const day = target.closest<HTMLElement>("[data-open-day]")?.dataset.openDay;
      if (day) return this.surface.openDay(day);
      const moving = target.closest<HTMLElement>("[data-move]")?.dataset.move;
      const entry = this.entries.find((e) => e.targetId === moving);
      if (entry) void this.askWhere(entry);
    });
    surfaceElement.addEventListener("dragstart", (event) => {
      const item = (event.target as HTMLElement).closest<HTMLElement>(
        "[data-target-id][draggable=true]",
      );
      const entry = this.entries.find((e) => e.targetId === item?.dataset.targetId);
      if (!item || !entry || !event.dataTransfer) return;
      this.dragged = entry;
      event.dataTransfer.effectAllowed = "move";
      event.dataTransfer.setData("text/plain", entry.targetId);
      item.classList.add("is-dragging");
    });
    surfaceElement.addEventListener("dragend", () => {
      this.dragged = undefined;
      for (const element of surfaceElement.querySelectorAll(".is-dragging, .is-drop")) {
        element.classList.remove("is-dragging", "is-drop");
      }
    });
    surfaceElement.addEventListener("dragover", (event) => {
      const zone = (event.target as HTMLElement).closest<HTMLElement>("[data-drop]");
      if (!this.dragged || !zone) return;
      event.preventDefault();
      if (event.dataTransfer) event.dataTransfer.dropEffect = "move";
      for (const other of surfaceElement.querySelectorAll(".is-drop")) {
        if (other !== zone) other.classList.remove("is-drop");
      }
      zone.classList.add("is-drop");
    });
    surfaceElement.addEventListener("drop", (event) => {
      const zone = (event.target as HTMLElement).closest<HTMLElement>("[data-drop]");
      const entry = this.dragged;
      if (!entry || !zone?.dataset.date) return;
      event.preventDefault();
      const { time } = localDateTime(entry.dueAt, this.zone);
      let newTime = time;
      if (zone.dataset.drop === "time") {
        const offset = event.clientY - zone.getBoundingClientRect().top;
        const minutes = Math.max(
          0,
          Math.min(23 * 60 + 45, Math.round((offset / hourHeight) * 4) * 15),
        );
        newTime = `${String(Math.floor(minutes / 60)).padStart(2, "0")}:${String(minutes % 60).padStart(2, "0")}`;
      }
      void this.move(entry, zone.dataset.date, newTime);
    });
  }

  /** The keyboard's way to move: a date and a time in the workspace's zone. */
  private async askWhere(entry: CalendarEntry): Promise<void> {
    const now = localDateTime(entry.dueAt, this.zone);
    await formDialog({
      title: "Move to…",
      message: `A new date and time in ${this.zone} for every account of this post.`,
      fields: [
        field({ label: "Date", name: "date", type: "date", value: now.date }),
        field({ label: "Time", name: "time", type: "time", value: now.time }),
      ],
      confirmLabel: "Move",
      busyLabel: "Moving…",
      action: async (values) => {
        await this.move(entry, values.date ?? now.date, values.time ?? now.time, true);
      },
    });
  }

  /**
   * Moves the post at once on screen, then asks the API; a refusal puts it back and says why.
   * `strict` lets a dialog show the refusal itself.
   */
  private async move(
    entry: CalendarEntry,
    date: string,
    time: string,
    strict = false,
  ): Promise<void> {
    const previousDueAt = entry.dueAt;
    const before = localDateTime(previousDueAt, this.zone);
    if (before.date === date && before.time === time) return;
    const previous = this.entries.map((e) => ({ ...e }));
    const at = new Date(instantOf(date, time, this.zone)).toISOString();
    for (const e of this.entries) if (e.postId === entry.postId) e.dueAt = at;
    this.render();
    try {
      await moveTo(
        this.context.workspaceId,
        entry.postId,
        date,
        time,
        this.zone,
        previousDueAt,
        (post) => this.apply(post),
      );
    } catch (error) {
      this.entries = previous;
      this.render();
      if (strict) throw error;
      notify(messageOf(error));
    }
  }

  /** A post's new times and states, from the API's answer. */
  private apply(post: Post): void {
    for (const target of post.targets) {
      const entry = this.entries.find((e) => e.targetId === target.id);
      if (!entry) continue;
      if (target.dueAt) entry.dueAt = target.dueAt;
      entry.state = target.state;
    }
    this.render();
  }
}
