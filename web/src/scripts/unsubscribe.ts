import { ApiError, ok, publicClient } from "../lib/api.ts";
import { byId } from "../lib/dom.ts";

// A person's click, not the page load, unsubscribes: mail scanners open links on their own.
const token = new URLSearchParams(location.search).get("token") ?? "";

function fail(message: string): void {
  byId("unsubscribe-error").textContent = message;
  byId("unsubscribe-failed").hidden = false;
}

const form = byId<HTMLFormElement>("unsubscribe-form");
if (!token) {
  form.hidden = true;
  fail("This link has no unsubscribe token in it. Open the link from the email again.");
}
form.addEventListener("submit", async (event) => {
  event.preventDefault();
  try {
    await ok(publicClient.POST("/unsubscribe", { params: { query: { token } } }));
    form.hidden = true;
    byId("unsubscribe-done").hidden = false;
  } catch (error) {
    fail(error instanceof ApiError ? error.detail : "Cadence cannot be reached. Try again.");
  }
});
