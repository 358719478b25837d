/**
 * The calendar's views as DOM: a month grid, week and day timelines, and a list. Every post is
 * a link to it, coloured by network with its state, draggable for people who can move it, and
 * has a "Move…" button as the keyboard's way to do the same.
 */
import { h } from "../dom.ts";
import { networkName } from "../networks.ts";
import {
  type Account,
  accountName,
  type CalendarEntry,
  excerpt,
  postUrl,
  stateLabels,
} from "../posts.ts";
import { formatInstant } from "../time.ts";
import { formatClock, formatDay, wallOf } from "../zoned.ts";
import type { Placed, Range } from "./range.ts";

export interface Surface {
  zone: string;
  today: string;
  accounts: Map<string, Account>;
  movable(entry: CalendarEntry): boolean;
  openDay(day: string): void;
}

export const hourHeight = 48;
/** Posts shown in a month cell before "+N more". */
const perCell = 4;

/** A state as a small mark for tight spaces; its name is in the link's text and the title. */
const stateMarks: Record<CalendarEntry["state"], string> = {
  draft: "✎",
  pending_approval: "…",
  scheduled: "◷",
  publishing: "↑",
  published: "✓",
  failed: "!",
  needs_review: "?",
  canceled: "×",
  held: "⏸",
};

/** `compact`: the state as a mark; `detailed`: the network and account shown, not only read. */
function item(placed: Placed, surface: Surface, compact: boolean, detailed = false): HTMLLIElement {
  const { entry } = placed;
  const movable = surface.movable(entry);
  const account = surface.accounts.get(entry.accountId);
  const network = networkName(entry.network);
  const own = formatInstant(entry.dueAt, entry.timeZone ?? surface.zone);
  const state = stateLabels[entry.state];
  return h(
    "li",
    {
      class: `cal-item net-${entry.network} state-${entry.state}`,
      "data-target-id": entry.targetId,
      "data-post-id": entry.postId,
      draggable: movable ? "true" : null,
    },
    h(
      "a",
      {
        class: "cal-link",
        href: postUrl(entry.postId),
        title: `${excerpt(entry.text, 200)}\n${network} · ${state}\nYour time: ${own.text} · ${own.title}`,
        // The item itself is what is dragged, not the link's address.
        draggable: "false",
      },
      h("span", { class: "cal-time" }, formatClock(placed.time)),
      detailed
        ? h("span", { class: "cal-account" }, `${network} · ${accountName(account)}`)
        : h("span", { class: "visually-hidden" }, ` ${network}, ${accountName(account)}: `),
      detailed ? h("span", { class: "visually-hidden" }, ": ") : null,
      h("span", { class: "cal-text" }, excerpt(entry.text, 140)),
      h("span", { class: "visually-hidden" }, ` (${state})`),
    ),
    h(
      "span",
      {
        class: `cal-state${compact ? " cal-state-mark" : ""}`,
        "aria-hidden": "true",
        title: state,
      },
      compact ? stateMarks[entry.state] : state,
    ),
    movable
      ? h(
          "button",
          {
            type: "button",
            class: "cal-move",
            "data-move": entry.targetId,
            "aria-label": `Move “${excerpt(entry.text, 40)}” on ${network}`,
          },
          "Move…",
        )
      : null,
  );
}

export function monthView(
  range: Range,
  days: Map<string, Placed[]>,
  surface: Surface,
): HTMLElement {
  const weekdays = range.days
    .slice(0, 7)
    .map((day) => formatDay(day, { weekday: "short", day: undefined, month: undefined }));
  return h(
    "div",
    { class: "cal-month" },
    h(
      "div",
      { class: "cal-weekdays", "aria-hidden": "true" },
      weekdays.map((name) => h("span", null, name)),
    ),
    h(
      "ol",
      { class: "cal-grid" },
      range.days.map((day) => {
        const placed = days.get(day) ?? [];
        const outside = !day.startsWith(range.month);
        const more = placed.length - perCell;
        return h(
          "li",
          {
            class: `cal-day${day === surface.today ? " is-today" : ""}${outside ? " is-outside" : ""}`,
            "data-date": day,
            "data-drop": "day",
          },
          h(
            "h3",
            { class: "cal-date" },
            h(
              "button",
              {
                type: "button",
                class: "cal-date-button",
                "data-open-day": day,
                "aria-label": `${formatDay(day)}${day === surface.today ? " (today)" : ""}, ${placed.length} post${placed.length === 1 ? "" : "s"}`,
              },
              String(Number(day.slice(8, 10))),
            ),
          ),
          placed.length
            ? h(
                "ul",
                { class: "cal-items" },
                placed.slice(0, perCell).map((p) => item(p, surface, true)),
              )
            : null,
          more > 0
            ? h(
                "button",
                { type: "button", class: "cal-more", "data-open-day": day },
                `+${more} more`,
              )
            : null,
        );
      }),
    ),
  );
}

/** Week and day views: a column per day with posts placed at their time. */
export function timelineView(
  range: Range,
  days: Map<string, Placed[]>,
  surface: Surface,
): HTMLElement {
  const hours = Array.from({ length: 24 }, (_, hour) => hour);
  const columns = range.days.map((day) => {
    const placed = days.get(day) ?? [];
    const column = h(
      "div",
      {
        class: `cal-col${day === surface.today ? " is-today" : ""}`,
        "data-date": day,
        "data-drop": "time",
        role: "group",
        "aria-label": formatDay(day),
      },
      h(
        "ul",
        { class: "cal-items" },
        lanes(placed).map(({ placed: p, lane, of }) => {
          const element = item(p, surface, range.days.length > 1);
          element.style.top = `${(p.minutes / 60) * hourHeight}px`;
          element.style.left = `${(lane / of) * 100}%`;
          element.style.width = `calc(${100 / of}% - 4px)`;
          return element;
        }),
      ),
    );
    if (day === surface.today) column.append(nowLine(surface.zone));
    return column;
  });
  return h(
    "div",
    { class: "cal-timeline", style: `--days: ${range.days.length}; --hour: ${hourHeight}px` },
    h(
      "div",
      { class: "cal-timeline-head" },
      h("span", { "aria-hidden": "true" }),
      range.days.map((day) =>
        h(
          "button",
          {
            type: "button",
            class: `cal-head-day${day === surface.today ? " is-today" : ""}`,
            "data-open-day": day,
          },
          formatDay(day, { weekday: "short", month: "short" }),
        ),
      ),
    ),
    h(
      "div",
      { class: "cal-timeline-body", tabindex: "0", "aria-label": "Times of day" },
      h(
        "div",
        { class: "cal-hours", "aria-hidden": "true" },
        hours.map((hour) => h("span", null, formatHour(hour))),
      ),
      columns,
    ),
  );
}

function formatHour(hour: number): string {
  return new Intl.DateTimeFormat(undefined, { hour: "numeric", timeZone: "UTC" }).format(
    Date.UTC(2000, 0, 1, hour),
  );
}

/** Side by side where posts overlap (each takes about 40 minutes of height). */
function lanes(placed: Placed[]): { placed: Placed; lane: number; of: number }[] {
  const span = 40;
  const result: { placed: Placed; lane: number; of: number }[] = [];
  let group: { placed: Placed; lane: number; of: number }[] = [];
  let groupEnd = -1;
  const laneEnds: number[] = [];
  const close = () => {
    const of = Math.max(1, ...group.map((g) => g.lane + 1));
    for (const g of group) g.of = of;
    result.push(...group);
    group = [];
    laneEnds.length = 0;
  };
  for (const p of placed) {
    if (p.minutes >= groupEnd && group.length) close();
    let lane = laneEnds.findIndex((end) => end <= p.minutes);
    if (lane === -1) lane = laneEnds.length;
    laneEnds[lane] = p.minutes + span;
    group.push({ placed: p, lane, of: 1 });
    groupEnd = Math.max(groupEnd, p.minutes + span);
  }
  if (group.length) close();
  return result;
}

/** The current time in the workspace's zone, across today's column. */
export function nowLine(zone: string): HTMLElement {
  const wall = wallOf(Date.now(), zone);
  return h("div", {
    class: "cal-now",
    style: `top: ${((wall.hour * 60 + wall.minute) / 60) * hourHeight}px`,
    title: `Now in ${zone}`,
  });
}

export function listView(range: Range, days: Map<string, Placed[]>, surface: Surface): HTMLElement {
  const shown = range.days.filter((day) => days.has(day));
  return h(
    "div",
    { class: "cal-list" },
    shown.map((day) =>
      h(
        "section",
        {
          class: "cal-list-day",
          "data-date": day,
          "data-drop": "day",
          "aria-label": formatDay(day),
        },
        h("h3", { class: "day" }, formatDay(day), day === surface.today ? " · today" : ""),
        h(
          "ul",
          { class: "cal-items cal-rows" },
          (days.get(day) ?? []).map((p) => item(p, surface, false, true)),
        ),
      ),
    ),
  );
}
