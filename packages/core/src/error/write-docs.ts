import { writeFileSync } from "node:fs";
import { errorsDocPath, renderErrorsDoc } from "./docs.ts";

// Run from the repository's root (`pnpm errors:docs`).
writeFileSync(errorsDocPath, renderErrorsDoc());
console.log(`wrote ${errorsDocPath}`);
