import { ok, publicClient, safeNext } from "../lib/api.ts";
import { byId } from "../lib/dom.ts";
import { bindForm } from "../lib/forms.ts";
import { hasSession, saveTokens, takeFlash } from "../lib/session.ts";

const params = new URLSearchParams(location.search);
const next = safeNext(params.get("next"));

if (hasSession()) location.replace(next);

const notice = byId("sign-in-notice");
const flash = takeFlash();
if (flash) {
  notice.textContent = flash;
  notice.hidden = false;
}
if (next.startsWith("/invite")) {
  byId("sign-in-context").textContent = "Sign in with the email your invitation was sent to.";
}
// Keep the way back when the person switches to sign-up or reset instead.
if (params.has("next")) {
  byId<HTMLAnchorElement>("sign-up-link").href = `/sign-up?next=${encodeURIComponent(next)}`;
}

const form = byId<HTMLFormElement>("sign-in-form");
const email = params.get("email");
if (email) (form.elements.namedItem("email") as HTMLInputElement).value = email;

bindForm(
  form,
  async (values) => {
    const { data } = await ok(
      publicClient.POST("/auth/sign-in", {
        body: { email: values.email ?? "", password: values.password ?? "" },
      }),
    );
    saveTokens(data);
    location.assign(next);
  },
  { busyLabel: "Signing in…" },
);
