import { writeFileSync } from "node:fs";
import { plansDocPath, renderPlansDoc } from "./docs.ts";

// Run from the repository's root (`pnpm errors:docs` writes every generated reference).
writeFileSync(plansDocPath, renderPlansDoc());
console.log(`wrote ${plansDocPath}`);
