import { isNetworkId, type NetworkId } from "@cadence/networks";
import type * as z from "zod";
import type { AccountItem } from "../db/entities/account.ts";
import { VisibleError } from "../error/index.ts";
import { CreateInput, type Overrides } from "../post/schema.ts";
import { Schedule } from "../schedule/index.ts";
import { TimeZone } from "../util/zone.ts";
import { type Columns, cell, listOf } from "./columns.ts";
import type { Problem, Where } from "./problem.ts";

/** What one row of the file asks for: a post's input, and what is wrong with it. */
export interface Candidate extends Where {
  input: z.input<typeof CreateInput>;
  /** The row's accounts that were found, in the order of `input.targets`. */
  accounts: AccountItem[];
  /** The schedule mode as written (or inferred); not necessarily a valid one. */
  mode: string;
  problems: Problem[];
}

export const importModes = ["draft", "at", "queue", "now", "recurring"] as const;

/** Finds accounts by id, handle (with or without @) or network:handle. */
export class AccountDirectory {
  private readonly byId = new Map<string, AccountItem>();
  private readonly byHandle = new Map<string, AccountItem[]>();

  constructor(accounts: AccountItem[]) {
    for (const account of accounts) {
      this.byId.set(account.accountId, account);
      const handle = normalHandle(account.handle);
      this.byHandle.set(handle, [...(this.byHandle.get(handle) ?? []), account]);
    }
  }

  find(entry: string): { account?: AccountItem; code?: string; message?: string } {
    const byId = this.byId.get(entry);
    if (byId) return { account: byId };
    const prefixed = /^([a-z-]+):(.+)$/i.exec(entry);
    const network = prefixed?.[1]?.toLowerCase();
    const scoped = network && isNetworkId(network);
    const handle = normalHandle(scoped ? (prefixed?.[2] ?? "") : entry);
    const matches = (this.byHandle.get(handle) ?? []).filter(
      (account) => !scoped || account.network === network,
    );
    if (matches.length === 1) return { account: matches[0] };
    if (matches.length === 0) {
      return {
        code: "account_not_found",
        message: `There is no account “${entry}” in this workspace. Use a connected account's handle or id.`,
      };
    }
    return {
      code: "account_ambiguous",
      message: `“${entry}” is the handle of accounts on ${matches.map((a) => a.network).join(" and ")}; write it as ${matches.map((a) => `${a.network}:${handle}`).join(" or ")}.`,
    };
  }
}

function normalHandle(handle: string): string {
  return handle.trim().replace(/^@/, "").toLowerCase();
}

/** The schedule intent a row asks for, checked the way a new post's schedule is. */
function intentOf(
  fields: string[],
  columns: Columns,
  where: Where,
  workspaceZone: string,
): { mode: string; intent?: Schedule.Intent; problems: Problem[] } {
  // Spreadsheets often write "2026-05-04 09:30"; the composer's format has a T.
  const at = cell(fields, columns, "at")
    .trim()
    .replace(/^(\d{4}-\d{2}-\d{2}) (\d)/, "$1T$2");
  const rrule = cell(fields, columns, "rrule").trim();
  const written = cell(fields, columns, "schedule_mode").trim().toLowerCase();
  const mode = written || (rrule ? "recurring" : at ? "at" : "draft");
  const problems: Problem[] = [];
  const problem = (column: string, code: string, message: string) =>
    problems.push({ ...where, column, code, message });

  if (!(importModes as readonly string[]).includes(mode)) {
    problem(
      "schedule_mode",
      "invalid_schedule_mode",
      `“${written}” is not a schedule mode; use one of ${importModes.join(", ")}.`,
    );
    return { mode, problems };
  }
  if (mode !== "at" && mode !== "recurring") {
    return { mode, intent: { mode } as Schedule.Intent, problems };
  }
  const timeZone = cell(fields, columns, "time_zone").trim() || workspaceZone;
  if (!TimeZone.safeParse(timeZone).success) {
    problem(
      "time_zone",
      "invalid_time_zone",
      `“${timeZone}” is not a time zone; use an IANA name such as Europe/Berlin or America/New_York.`,
    );
  }
  if (!at) {
    problem(
      "at",
      "time_required",
      mode === "at"
        ? "A post at a time needs its local time in `at`, as YYYY-MM-DDTHH:mm."
        : "A recurring post needs its first occurrence's local time in `at`, as YYYY-MM-DDTHH:mm.",
    );
  }
  if (mode === "recurring" && !rrule) {
    problem("rrule", "rrule_required", "A recurring post needs a rule, e.g. FREQ=WEEKLY;BYDAY=MO.");
  }
  if (problems.length) return { mode, problems };

  const parsed = Schedule.Intent.safeParse(
    mode === "at" ? { mode, at, timeZone } : { mode, start: at, timeZone, rrule },
  );
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const column = issue?.path[0] === "rrule" ? "rrule" : "at";
    problem(column, "invalid_input", `${column}: ${issue?.message ?? "not valid"}.`);
    return { mode, problems };
  }
  try {
    Schedule.instantOf(parsed.data);
  } catch (error) {
    if (!(error instanceof VisibleError)) throw error;
    problem(error.field === "schedule.rrule" ? "rrule" : "at", error.code, error.message);
    return { mode, problems };
  }
  return { mode, intent: parsed.data, problems };
}

/** The column a post-input field came from. */
function columnOf(path: PropertyKey[], networks: NetworkId[], overridden: Set<number>): string {
  const [first, index, second] = path;
  if (first === "mediaIds") return "media_ids";
  if (first === "targets" && second === "overrides" && typeof index === "number") {
    return overridden.has(index) ? `text.${networks[index]}` : "text";
  }
  if (first === "targets") return "accounts";
  return typeof first === "string" ? first : "text";
}

/** One row as a post's input, with every problem found without reading the database. */
export function candidateOf(
  fields: string[],
  where: Where,
  context: { columns: Columns; directory: AccountDirectory; workspaceZone: string },
): Candidate {
  const { columns, directory } = context;
  const problems: Problem[] = [];
  const accounts: AccountItem[] = [];
  const entries = listOf(cell(fields, columns, "accounts"));
  if (entries.length === 0) {
    problems.push({
      ...where,
      column: "accounts",
      code: "accounts_required",
      message: "Name at least one account (handles or account ids, separated by ;).",
    });
  }
  for (const entry of entries) {
    const found = directory.find(entry);
    if (!found.account) {
      problems.push({
        ...where,
        column: "accounts",
        code: found.code ?? "account_not_found",
        message: found.message ?? "",
      });
    } else if (accounts.includes(found.account)) {
      problems.push({
        ...where,
        column: "accounts",
        code: "duplicate_account",
        message: `“${entry}” is listed twice; each account can appear once in a post.`,
      });
    } else {
      accounts.push(found.account);
    }
  }

  const schedule = intentOf(fields, columns, where, context.workspaceZone);
  problems.push(...schedule.problems);

  const overridden = new Set<number>();
  const targets = accounts.map((account, index) => {
    const column = columns.networkText[account.network as NetworkId];
    const text = column === undefined ? "" : (fields[column] ?? "");
    if (text) overridden.add(index);
    const overrides: Overrides = text ? { text } : {};
    return { accountId: account.accountId, overrides };
  });
  const campaign = cell(fields, columns, "campaign").trim();
  const input: z.input<typeof CreateInput> = {
    text: cell(fields, columns, "text"),
    mediaIds: listOf(cell(fields, columns, "media_ids")),
    tags: listOf(cell(fields, columns, "tags")),
    ...(campaign ? { campaign } : {}),
    targets,
    schedule: schedule.intent ?? { mode: "draft" },
  };
  // The same limits as a post written in the composer (lengths, counts).
  const parsed = CreateInput.safeParse(input);
  if (!parsed.success) {
    const networks = accounts.map((a) => a.network as NetworkId);
    for (const issue of parsed.error.issues) {
      // A row whose accounts were not found has said so already.
      if (issue.path[0] === "targets" && accounts.length === 0) continue;
      const column = columnOf(issue.path, networks, overridden);
      problems.push({
        ...where,
        column,
        code: "invalid_input",
        message: `${column}: ${issue.message}.`,
      });
    }
  }
  return { ...where, input, accounts, mode: schedule.mode, problems };
}
