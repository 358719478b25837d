import { type NetworkId, networkIds } from "@cadence/networks";
import type { Problem, Where } from "./problem.ts";

/** The columns an import file may have, in the order the template lists them. */
export const knownColumns = [
  "text",
  "accounts",
  "schedule_mode",
  "at",
  "time_zone",
  "rrule",
  "tags",
  "campaign",
  "media_ids",
] as const;
export type KnownColumn = (typeof knownColumns)[number];

/** Where each column is in the file: the known ones, and `text.<network>` per network. */
export interface Columns {
  known: Partial<Record<KnownColumn, number>>;
  networkText: Partial<Record<NetworkId, number>>;
  count: number;
}

/**
 * Reads the header row. Names are matched without regard to case or surrounding spaces;
 * `text.x`, `text.linkedin`, … hold a network's own text. An unknown or repeated name is a
 * problem on row 1, and so is a file without an `accounts` column.
 */
export function readHeader(
  fields: string[],
  where: Where,
): { columns: Columns; problems: Problem[] } {
  const columns: Columns = { known: {}, networkText: {}, count: fields.length };
  const problems: Problem[] = [];
  const seen = new Set<string>();
  for (const [index, raw] of fields.entries()) {
    const name = raw.trim().toLowerCase();
    if (seen.has(name)) {
      problems.push({
        ...where,
        column: name,
        code: "duplicate_column",
        message: `The column “${name}” appears twice; keep one.`,
      });
      continue;
    }
    seen.add(name);
    const network = /^text\.(.+)$/.exec(name)?.[1];
    if ((knownColumns as readonly string[]).includes(name)) {
      columns.known[name as KnownColumn] = index;
    } else if (network && (networkIds as readonly string[]).includes(network)) {
      columns.networkText[network as NetworkId] = index;
    } else {
      problems.push({
        ...where,
        column: raw.trim() || `column ${index + 1}`,
        code: "unknown_column",
        message: `Unknown column “${raw.trim()}”. Columns: ${knownColumns.join(", ")}, and text.<network> (${networkIds.map((n) => `text.${n}`).join(", ")}).`,
      });
    }
  }
  if (columns.known.accounts === undefined) {
    problems.push({
      ...where,
      column: "accounts",
      code: "missing_column",
      message: "The file needs an `accounts` column: the handles or account ids to post to.",
    });
  }
  return { columns, problems };
}

/** A row's value in a known column ("" when the file has no such column). */
export function cell(fields: string[], columns: Columns, column: KnownColumn): string {
  const index = columns.known[column];
  return index === undefined ? "" : (fields[index] ?? "");
}

/** A `;`-separated list, trimmed, without empty entries. */
export function listOf(value: string): string[] {
  return value
    .split(";")
    .map((entry) => entry.trim())
    .filter(Boolean);
}
