import { extendZodWithOpenApi } from "@asteasolutions/zod-to-openapi";
import * as z from "zod";

// Imported for its effect by every module that builds schemas (`import * as z from "zod"` beside
// it). Zod 4 attaches methods when a schema is built, so `.openapi()` exists only on schemas
// built after this call; importing this first lets the API name core's schemas in the OpenAPI
// document whatever order modules load in.
//
// Why a namespace import everywhere and only `ZodType` handed over: a bundler keeps every member
// of `z` (its 50 translations, about 370 KB minified) as soon as the namespace is used as a value
// or re-exported by name (`import { z } from "zod"`); the extension reads only `ZodType`.
extendZodWithOpenApi({ ZodType: z.ZodType } as unknown as Parameters<
  typeof extendZodWithOpenApi
>[0]);
