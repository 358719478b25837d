/**
 * The person's own page: name and zone, email (changed by a link mailed to the new address),
 * password (the current one required; other sessions end), and signing out other sessions.
 */
import { client, ok } from "../lib/api.ts";
import { byId, notify } from "../lib/dom.ts";
import { bindForm, setFieldError } from "../lib/forms.ts";
import { confirmSignOutOthers, mountApp } from "../lib/shell.ts";
import { fillTimeZones, isTimeZone } from "../lib/time.ts";

mountApp(({ me }) => {
  const profile = byId<HTMLFormElement>("profile-form");
  const name = profile.elements.namedItem("name") as HTMLInputElement;
  const zone = profile.elements.namedItem("timeZone") as HTMLInputElement;
  name.value = me.user.name;
  zone.value = me.user.timeZone ?? "";
  byId("profile-email").textContent = `You sign in as ${me.user.email}.`;
  zone.addEventListener(
    "focus",
    () => fillTimeZones(document.getElementById("time-zones") as HTMLDataListElement),
    { once: true },
  );
  bindForm(profile, async (values) => {
    if (values.timeZone && !isTimeZone(values.timeZone)) {
      setFieldError(profile, zone, "timeZone", "Choose a time zone from the list.");
      zone.focus();
      return;
    }
    const { data } = await ok(
      client.PATCH("/me", {
        body: { name: values.name, ...(values.timeZone ? { timeZone: values.timeZone } : {}) },
      }),
    );
    byId("user-name").textContent = data.name;
    notify("Saved your profile.");
  });

  const password = byId<HTMLFormElement>("password-form");
  // Passwords are sent as typed: the form's values are trimmed, a password must not be.
  const typed = (field: string) => (password.elements.namedItem(field) as HTMLInputElement).value;
  bindForm(password, async () => {
    await ok(
      client.POST("/me/password", {
        body: { currentPassword: typed("currentPassword"), newPassword: typed("newPassword") },
      }),
    );
    password.reset();
    notify("Password changed. Your other sessions are signed out.");
  });

  const email = byId<HTMLFormElement>("email-form");
  bindForm(email, async (values) => {
    const confirmUrl = new URL("/confirm-email-change", location.origin).href;
    const currentPassword = (email.elements.namedItem("currentPassword") as HTMLInputElement).value;
    await ok(
      client.POST("/me/email", {
        body: { newEmail: values.newEmail ?? "", currentPassword, confirmUrl },
      }),
    );
    const sent = byId("email-sent");
    sent.textContent = `We sent a link to ${values.newEmail}. Open it to sign in with that address; until then, keep using ${me.user.email}.`;
    sent.hidden = false;
    email.reset();
  });

  byId("account-sign-out-others").addEventListener("click", () => void confirmSignOutOthers());
});
