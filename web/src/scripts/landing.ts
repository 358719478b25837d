import { hasSession } from "../lib/session.ts";

// Signed in (see lib/session.ts): go straight to the app. An external script, not an inline
// one, so the site's Content-Security-Policy needs no 'unsafe-inline'.
if (hasSession()) location.replace("/app");
