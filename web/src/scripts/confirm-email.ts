import { ApiError, ok, publicClient, safeNext } from "../lib/api.ts";
import { byId } from "../lib/dom.ts";
import { chooseWorkspace, saveTokens, setFlash } from "../lib/session.ts";

const params = new URLSearchParams(location.search);
const token = params.get("token");
const next = safeNext(params.get("next"));
// The token is a one-time secret: keep it out of the history and of any later Referer.
history.replaceState(null, "", `/confirm-email?next=${encodeURIComponent(next)}`);

function fail(message: string): void {
  byId("confirm-status").hidden = true;
  byId("confirm-error").textContent = message;
  byId("confirm-failed").hidden = false;
}

if (!token) {
  fail("This link has no confirmation in it. Open the link from the email again.");
} else {
  try {
    const { data } = await ok(publicClient.POST("/auth/sign-up/confirm", { body: { token } }));
    saveTokens(data);
    if (!next.startsWith("/invite")) {
      chooseWorkspace(data.workspaceId);
      setFlash(`Welcome to Cadence, ${data.user.name}.`);
    }
    location.replace(next);
  } catch (error) {
    fail(
      error instanceof ApiError ? error.detail : "Cadence cannot be reached. Try the link again.",
    );
  }
}
