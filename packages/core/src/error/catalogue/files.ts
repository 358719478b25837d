import type { Catalogue } from "./entry.ts";

/** Posts in and out as files: CSV import and export. */
export const fileErrors = {
  import_invalid: {
    status: 400,
    title: "Rows of the import have problems",
    fix: "Fix the rows the report lists (a dry run lists them all) and import again; nothing was imported.",
  },
  import_too_large: {
    status: 413,
    title: "The import file is too large",
    fix: "Split the file into smaller ones; the sentence says the most one file can hold.",
  },
  export_too_large: {
    status: 413,
    title: "The export is too large",
    fix: "Export fewer months at a time.",
  },
} as const satisfies Catalogue;
