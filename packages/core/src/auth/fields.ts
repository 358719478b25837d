import * as z from "zod";
import "../util/zod.ts";

export const Email = z
  .string()
  .trim()
  .toLowerCase()
  .max(254)
  .pipe(z.email({ message: "enter a valid email address" }));

export const Password = z
  .string()
  .min(10, "use at least 10 characters")
  .max(200, "use at most 200 characters");
