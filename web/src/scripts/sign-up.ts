import { ok, publicClient, safeNext } from "../lib/api.ts";
import { byId } from "../lib/dom.ts";
import { bindForm } from "../lib/forms.ts";
import { chooseWorkspace, hasSession, saveTokens, setFlash } from "../lib/session.ts";

const params = new URLSearchParams(location.search);
const next = safeNext(params.get("next"));
const joining = next.startsWith("/invite");

if (hasSession()) location.replace(next);

if (joining) {
  byId("sign-up-context").textContent =
    "Use the email your invitation was sent to; you will accept it next.";
}
if (params.has("next")) {
  byId<HTMLAnchorElement>("sign-in-link").href = `/sign-in?next=${encodeURIComponent(next)}`;
}

bindForm(
  byId<HTMLFormElement>("sign-up-form"),
  async (values) => {
    const { data } = await ok(
      publicClient.POST("/auth/sign-up", {
        body: {
          name: values.name ?? "",
          email: values.email ?? "",
          password: values.password ?? "",
        },
      }),
    );
    saveTokens(data);
    if (!joining) {
      chooseWorkspace(data.workspaceId);
      setFlash(`Welcome to Cadence, ${data.user.name}.`);
    }
    location.assign(next);
  },
  { busyLabel: "Creating your account…" },
);
