import { extendZodWithOpenApi } from "@asteasolutions/zod-to-openapi";
import { z } from "zod";

// Zod 4 attaches methods when a schema is built, so `.openapi()` exists only on schemas built
// after this call. Core builds its schemas with this `z`, so the API can name them in the
// OpenAPI document whatever order modules load in.
extendZodWithOpenApi(z);

export { z };
