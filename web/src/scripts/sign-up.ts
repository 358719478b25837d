import { ok, publicClient, safeNext } from "../lib/api.ts";
import { byId } from "../lib/dom.ts";
import { bindForm } from "../lib/forms.ts";
import { hasSession } from "../lib/session.ts";
import { viewerZone } from "../lib/time.ts";

const params = new URLSearchParams(location.search);
const next = safeNext(params.get("next"));
const joining = next.startsWith("/invite");

if (hasSession()) location.replace(next);

if (joining) {
  byId("sign-up-context").textContent =
    "Use the email your invitation was sent to; you will accept it next.";
}
// The invitation page passes the invited address, so the person does not type it again.
const invited = params.get("email");
if (invited) {
  (byId<HTMLFormElement>("sign-up-form").elements.namedItem("email") as HTMLInputElement).value =
    invited;
}
if (params.has("next")) {
  byId<HTMLAnchorElement>("sign-in-link").href = `/sign-in?next=${encodeURIComponent(next)}`;
}

bindForm(
  byId<HTMLFormElement>("sign-up-form"),
  async (values) => {
    // The account is made when the mailed link is opened, so the answer is the same whether
    // or not the email has one already (it then gets a note instead of a link).
    const confirmUrl = new URL("/confirm-email", location.origin);
    confirmUrl.searchParams.set("next", next);
    await ok(
      publicClient.POST("/auth/sign-up", {
        body: {
          name: values.name ?? "",
          email: values.email ?? "",
          password: values.password ?? "",
          confirmUrl: confirmUrl.href,
          // The first workspace schedules in the person's own zone until they change it.
          timeZone: viewerZone,
        },
      }),
    );
    byId<HTMLFormElement>("sign-up-form").hidden = true;
    byId("sign-up-address").textContent = values.email ?? "";
    byId("sign-up-sent").hidden = false;
  },
  { busyLabel: "Creating your account…" },
);
