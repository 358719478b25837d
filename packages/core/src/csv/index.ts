import { parse } from "csv-parse/sync";
import { stringify } from "csv-stringify/sync";

/**
 * CSV files as spreadsheets write them (RFC 4180). Reading keeps going past a broken row, so an
 * import can report every broken row at once, each with its row number and the line it starts on.
 */
export namespace Csv {
  export interface Row {
    /** The row's number as a spreadsheet shows it: the header is row 1, a broken row counts. */
    row: number;
    /** The line of the file the row starts on (a quoted line break makes the two differ). */
    line: number;
    fields: string[];
  }

  export interface BrokenRow {
    row: number;
    line: number;
    code: "unbalanced_quote" | "row_too_large" | "unreadable_row" | "too_many_broken_rows";
    message: string;
  }

  export interface Parsed {
    /** Every readable row, the header first. Empty lines are skipped. */
    rows: Row[];
    broken: BrokenRow[];
  }

  /** After this many broken rows the file is probably not CSV; stop and report those. */
  export const maxBrokenRows = 50;

  const quoteProblem =
    'This row has a quote that is never closed, or text right after a closing quote. Put fields that contain commas, quotes or line breaks in double quotes, and double every quote inside them ("").';

  type Unnumbered<T> = Omit<T, "row">;

  function brokenRow(line: number, code: string | undefined): Unnumbered<BrokenRow> {
    if (code === "CSV_MAX_RECORD_SIZE") {
      return { line, code: "row_too_large", message: "This row is too large to read." };
    }
    if (
      code === "CSV_QUOTE_NOT_CLOSED" ||
      code === "CSV_INVALID_CLOSING_QUOTE" ||
      code === "INVALID_OPENING_QUOTE" ||
      code === "CSV_NON_TRIMABLE_CHAR_AFTER_CLOSING_QUOTE"
    ) {
      return { line, code: "unbalanced_quote", message: quoteProblem };
    }
    return { line, code: "unreadable_row", message: "This row cannot be read as CSV." };
  }

  /** The character offset where each line starts (line n at index n - 1). */
  function lineStarts(text: string): number[] {
    const starts = [0];
    for (let i = 0; i < text.length; i++) {
      const char = text[i];
      if (char === "\n" || (char === "\r" && text[i + 1] !== "\n")) starts.push(i + 1);
    }
    if (starts.at(-1) === text.length) starts.pop();
    return starts;
  }

  /**
   * Reads the rows. A broken row (a quote never closed, a quote in an unquoted field, text after
   * a closing quote) is reported with the line it starts on, and reading resumes on the next
   * line: a stray quote swallows only its own line, not the rest of the file.
   */
  export function read(text: string): Parsed {
    const starts = lineStarts(text);
    const isEmpty = (line: number) => {
      const from = starts[line - 1] ?? text.length;
      const to = starts[line] ?? text.length;
      return text.slice(from, to).replace(/[\r\n]+$/, "") === "";
    };
    const nextRowLine = (after: number) => {
      let line = after + 1;
      while (line <= starts.length && isEmpty(line)) line++;
      return line;
    };
    const rows: Unnumbered<Row>[] = [];
    const broken: Unnumbered<BrokenRow>[] = [];
    let from = 1;
    while (from <= starts.length) {
      const offset = from - 1;
      let lastLine = offset;
      try {
        parse(text.slice(starts[offset]), {
          bom: offset === 0,
          relax_column_count: true,
          skip_empty_lines: true,
          on_record: (record: string[], context: { lines: number }) => {
            rows.push({ line: nextRowLine(lastLine), fields: record });
            lastLine = offset + context.lines;
            return null;
          },
        });
        break;
      } catch (error) {
        const line = nextRowLine(lastLine);
        if (broken.length >= maxBrokenRows) {
          broken.push({
            line,
            code: "too_many_broken_rows",
            message: `Stopped reading after ${maxBrokenRows} broken rows. Fix those and try again.`,
          });
          break;
        }
        broken.push(brokenRow(line, (error as { code?: string }).code));
        from = line + 1;
      }
    }
    // Rows are numbered in file order, readable and broken ones alike.
    const lines = [...rows, ...broken].map((r) => r.line).sort((a, b) => a - b);
    const rowOf = new Map(lines.map((line, index) => [line, index + 1]));
    const numbered = <T extends { line: number }>(r: T) => ({ ...r, row: rowOf.get(r.line) ?? 0 });
    return { rows: rows.map(numbered), broken: broken.map(numbered) };
  }

  export type Value = string | number | null | undefined;

  /**
   * Rows as an RFC 4180 file: CRLF after every row, the header included; a field is quoted when
   * it holds a comma, a quote or a line break of either kind, and its quotes are doubled.
   */
  export function write(rows: readonly (readonly Value[])[]): string {
    const safe = rows.map((row) => row.map(neutralize));
    return stringify(safe, { record_delimiter: "windows", quoted_match: /[\r\n]/ });
  }

  /**
   * A text cell a spreadsheet would run as a formula (=, +, -, @, or a tab or carriage return
   * before one) gets a leading apostrophe, as OWASP's CSV injection advice says: the sheet
   * then shows the text instead of evaluating it. Numbers stay numbers.
   */
  export function neutralize(value: Value): Value {
    return typeof value === "string" && /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
  }
}
