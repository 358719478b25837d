import * as z from "zod";
import "../util/zod.ts";

/** One thing wrong with an import file: where (row and column) and what to do about it. */
export const Problem = z.object({
  row: z.number().describe("The row as a spreadsheet numbers it; the header is row 1"),
  line: z.number().describe("The line of the file the row starts on"),
  column: z.string().nullable().describe("The column, or null for the whole row"),
  code: z.string(),
  message: z.string(),
});
export type Problem = z.infer<typeof Problem>;

/** Where in the file: a row's number and the line it starts on. */
export type Where = Pick<Problem, "row" | "line">;
