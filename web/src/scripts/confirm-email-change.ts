import { ApiError, ok, publicClient } from "../lib/api.ts";
import { byId } from "../lib/dom.ts";

const token = new URLSearchParams(location.search).get("token");
// The token moves the account: keep it out of the history and of any later Referer.
history.replaceState(null, "", "/confirm-email-change");
byId("change-status").hidden = true;

if (!token) {
  byId("change-error").textContent =
    "This link has no confirmation in it. Open the link from the email again.";
  byId("change-failed").hidden = false;
} else {
  try {
    const { data } = await ok(publicClient.POST("/auth/email-change/confirm", { body: { token } }));
    byId("change-email").textContent = data.email;
    byId("change-done").hidden = false;
  } catch (error) {
    byId("change-error").textContent =
      error instanceof ApiError ? error.detail : "Cadence cannot be reached. Try the link again.";
    byId("change-failed").hidden = false;
  }
}
