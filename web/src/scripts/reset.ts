import { ok, publicClient } from "../lib/api.ts";
import { byId } from "../lib/dom.ts";
import { bindForm } from "../lib/forms.ts";
import { clearSession, setFlash } from "../lib/session.ts";

const requestForm = byId<HTMLFormElement>("reset-request-form");
const confirmForm = byId<HTMLFormElement>("reset-confirm-form");
const emailInput = requestForm.elements.namedItem("email") as HTMLInputElement;
const email = new URLSearchParams(location.search).get("email");
if (email) emailInput.value = email;

function showStep(step: "request" | "confirm", address = ""): void {
  requestForm.hidden = step !== "request";
  confirmForm.hidden = step !== "confirm";
  byId("reset-lead").textContent =
    step === "request"
      ? "Enter your account's email and we will send you a code."
      : "Enter the code from the email and choose a new password.";
  if (step === "confirm") {
    (confirmForm.elements.namedItem("email") as HTMLInputElement).value = address;
    byId("reset-sent").textContent =
      `If ${address} has a Cadence account, a code is on its way. Check your inbox.`;
    (confirmForm.elements.namedItem("code") as HTMLInputElement).focus();
  } else {
    emailInput.focus();
  }
}

bindForm(
  requestForm,
  async (values) => {
    await ok(
      publicClient.POST("/auth/password-reset/request", { body: { email: values.email ?? "" } }),
    );
    showStep("confirm", values.email);
  },
  { busyLabel: "Sending…" },
);

bindForm(
  confirmForm,
  async (values) => {
    await ok(
      publicClient.POST("/auth/password-reset/confirm", {
        body: {
          email: values.email ?? "",
          code: values.code ?? "",
          newPassword: values.newPassword ?? "",
        },
      }),
    );
    // Every session ended with the change, this browser's included.
    clearSession();
    setFlash("Your password is changed. Sign in with the new one.");
    location.assign(`/sign-in?email=${encodeURIComponent(values.email ?? "")}`);
  },
  { busyLabel: "Saving…" },
);

byId("reset-again").addEventListener("click", () => showStep("request"));
