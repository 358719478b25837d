import * as z from "zod";
import "./zod.ts";

/** An IANA time zone the runtime knows (Intl has the full tz database in Node). */
export const TimeZone = z
  .string()
  .max(64)
  .refine((zone) => {
    try {
      new Intl.DateTimeFormat("en-US", { timeZone: zone });
      return true;
    } catch {
      return false;
    }
  }, "use an IANA time zone such as Europe/Berlin or America/New_York");
