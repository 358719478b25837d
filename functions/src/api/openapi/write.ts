/**
 * `pnpm openapi`: writes the API's OpenAPI document to web/openapi.json (generated, not
 * committed), from which the site's typed client is generated. The same document the API
 * serves at /openapi.json.
 */
import { writeFileSync } from "node:fs";
import { openApiDocument } from "./document.ts";

const target = new URL("../../../../web/openapi.json", import.meta.url);
writeFileSync(target, `${JSON.stringify(openApiDocument(), null, 2)}\n`);
console.log(`openapi: wrote ${target.pathname}`);
