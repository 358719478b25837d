/**
 * Every instant on screen goes through here, in the viewer's locale: shown in the workspace's
 * zone, as the calendar and the composer show it, with the zone's name beside the time when it
 * is not the viewer's own (so 8:16 AM on a post's page and on the calendar are the same 8:16 AM);
 * the viewer's own time is in the title (hover, long-press, screen readers on request).
 */
import { h } from "./dom.ts";

export const viewerZone = Intl.DateTimeFormat().resolvedOptions().timeZone;

export type TimeStyle = "datetime" | "date" | "time";

const styles: Record<TimeStyle, Intl.DateTimeFormatOptions> = {
  datetime: { dateStyle: "medium", timeStyle: "short" },
  date: { dateStyle: "medium" },
  time: { timeStyle: "short" },
};

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatter(zone: string, style: TimeStyle, withZone: boolean): Intl.DateTimeFormat {
  const key = `${zone}|${style}|${withZone}`;
  let cached = formatters.get(key);
  if (!cached) {
    const options: Intl.DateTimeFormatOptions = withZone
      ? { ...zoneFreeParts(style), timeZoneName: "short" }
      : styles[style];
    cached = new Intl.DateTimeFormat(undefined, { ...options, timeZone: zone });
    formatters.set(key, cached);
  }
  return cached;
}

/** dateStyle/timeStyle cannot be combined with timeZoneName; spell the parts out instead. */
function zoneFreeParts(style: TimeStyle): Intl.DateTimeFormatOptions {
  const date: Intl.DateTimeFormatOptions = { year: "numeric", month: "short", day: "numeric" };
  const time: Intl.DateTimeFormatOptions = { hour: "numeric", minute: "2-digit" };
  if (style === "date") return date;
  if (style === "time") return time;
  return { ...date, ...time };
}

export interface FormattedInstant {
  /** In the workspace's zone (the team's time, as the calendar shows it), naming the zone when it is not the viewer's. */
  text: string;
  /** The same instant in the viewer's own time, and which zone is the workspace's. */
  title: string;
}

export function formatInstant(
  iso: string,
  workspaceZone: string,
  style: TimeStyle = "datetime",
): FormattedInstant {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return { text: iso, title: iso };
  const elsewhere = style !== "date" && !sameZone(workspaceZone, viewerZone, date);
  const text = formatter(workspaceZone, style, elsewhere).format(date);
  const mine = formatter(viewerZone, style === "date" ? "datetime" : style, false).format(date);
  return {
    text,
    title: `${mine} your time (${viewerZone}) · ${workspaceZone} (workspace time)`,
  };
}

/** Two zones that show the same clock at this instant need no label (e.g. UTC and Etc/UTC). */
function sameZone(a: string, b: string, at: Date): boolean {
  return a === b || offsetOf(a, at) === offsetOf(b, at);
}

/** A <time> element for an instant: workspace zone as text, the viewer's own time on hover. */
export function timeElement(
  iso: string,
  workspaceZone: string,
  style: TimeStyle = "datetime",
): HTMLTimeElement {
  const { text, title } = formatInstant(iso, workspaceZone, style);
  return h("time", { datetime: iso, title }, text);
}

/** The current time in a zone, e.g. for "14:05 there now". */
export function nowIn(zone: string): string {
  return formatter(zone, "time", false).format(new Date());
}

/** Every IANA zone this browser knows, UTC included, sorted. */
export function timeZones(): string[] {
  const zones = new Set(Intl.supportedValuesOf("timeZone"));
  zones.add("UTC");
  return [...zones].sort();
}

export function isTimeZone(zone: string): boolean {
  try {
    new Intl.DateTimeFormat("en-US", { timeZone: zone });
    return zone.length > 0;
  } catch {
    return false;
  }
}

/** Offset label such as "UTC+01:00" for a zone at this moment. */
export function offsetOf(zone: string, at = new Date()): string {
  const part = new Intl.DateTimeFormat("en-US", { timeZone: zone, timeZoneName: "longOffset" })
    .formatToParts(at)
    .find((p) => p.type === "timeZoneName")?.value;
  return part === "GMT" || !part ? "UTC" : part.replace("GMT", "UTC");
}

/** Fills a <datalist> with every zone and its current offset, once, when first needed. */
export function fillTimeZones(list: HTMLDataListElement): void {
  if (list.options.length > 0) return;
  const now = new Date();
  list.append(
    ...timeZones().map((zone) =>
      h("option", { value: zone, label: `${zone} (${offsetOf(zone, now)})` }),
    ),
  );
}
