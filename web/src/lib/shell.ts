/**
 * The signed-in app's frame (layouts/App.astro): who is signed in, which workspace is open,
 * the workspace switcher, the person's menu and the role-gated navigation. Each app page's
 * island calls mountApp() with what to render once the frame knows the workspace.
 */
import { client, endSession, ok } from "./api.ts";
import { showUnread } from "./bell.ts";
import { confirmAction } from "./dialog.ts";
import { byId, emptyState, h, initials, notify, showError } from "./dom.ts";
import { bindForm, setFieldError } from "./forms.ts";
import { loadNetworks } from "./networks.ts";
import { atLeast, isRole, type Role, roleLabels } from "./roles.ts";
import {
  chooseWorkspace,
  chosenWorkspace,
  clearSession,
  hasSession,
  setFlash,
  signedInKey,
  takeFlash,
} from "./session.ts";
import { fillTimeZones, isTimeZone, viewerZone } from "./time.ts";
import type { Me, WorkspaceWithRole } from "./types.ts";

export interface AppContext {
  me: Me;
  workspace: WorkspaceWithRole;
  role: Role;
  /** The workspace every call of the page is about. */
  workspaceId: string;
}

export function mountApp(render: (context: AppContext) => Promise<void> | void): void {
  if (!hasSession()) {
    void endSession();
    return;
  }
  watchSignOutElsewhere();
  wireNewWorkspace();
  const flash = takeFlash();
  if (flash) notify(flash);
  void start(render);
}

async function start(render: (context: AppContext) => Promise<void> | void): Promise<void> {
  const main = byId("main");
  let me: Me;
  try {
    // Every app page names networks; their descriptions arrive with the person.
    [me] = await Promise.all([ok(client.GET("/me")).then(({ data }) => data), loadNetworks()]);
  } catch (error) {
    showError(main, error, () => location.reload());
    return;
  }
  const workspace =
    me.workspaces.find((w) => w.id === chosenWorkspace()) ??
    me.workspaces.find((w) => w.personal) ??
    me.workspaces[0];
  chooseWorkspace(workspace?.id);
  renderPerson(me);
  renderSwitcher(me, workspace);
  if (!workspace || !isRole(workspace.role)) {
    main.replaceChildren(
      emptyState({
        title: "You are not in a workspace yet",
        text: "Create one for your team, or ask a teammate to invite you to theirs.",
        action: h(
          "button",
          { type: "button", class: "btn btn-primary", onclick: openNewWorkspace },
          "Create a workspace",
        ),
      }),
    );
    return;
  }
  const role = workspace.role;
  void showUnread(workspace.id);
  for (const gated of document.querySelectorAll<HTMLElement>("[data-min-role]")) {
    const minimum = gated.dataset.minRole;
    gated.hidden = !(minimum && isRole(minimum) && atLeast(role, minimum));
  }
  try {
    await render({ me, workspace, role, workspaceId: workspace.id });
  } catch (error) {
    showError(main, error, () => location.reload());
  }
}

/** Asks, then ends every other session of the person; this one stays. */
export function confirmSignOutOthers(): Promise<boolean> {
  return confirmAction({
    title: "Sign out other sessions?",
    message:
      "This ends every other session of your account, on other devices and browsers. You stay signed in here.",
    confirmLabel: "Sign out other sessions",
    danger: false,
    action: async () => {
      await ok(client.POST("/auth/sign-out-others"));
      notify("Your other sessions are signed out.");
    },
  });
}

function renderPerson(me: Me): void {
  byId("user-initials").textContent = initials(me.user.name, me.user.email);
  byId("user-name").textContent = me.user.name;
  byId("user-email").textContent = me.user.email;
  disclosure(byId<HTMLButtonElement>("user-button"), byId("user-menu"));
  byId("sign-out").addEventListener("click", async () => {
    try {
      await ok(client.POST("/auth/sign-out"));
    } catch {
      // The session may already be over; forgetting it here is what matters.
    }
    leave("You are signed out.");
  });
  byId("sign-out-others").addEventListener("click", () => void confirmSignOutOthers());
  byId("sign-out-everywhere").addEventListener("click", () => {
    void confirmAction({
      title: "Sign out everywhere?",
      message:
        "This ends every session of your account, on every device and browser, including this one.",
      confirmLabel: "Sign out everywhere",
      action: async () => {
        await ok(client.POST("/auth/sign-out-everywhere"));
        leave("You are signed out on every device.");
      },
    });
  });
}

function leave(message: string): void {
  clearSession();
  setFlash(message);
  location.assign("/sign-in");
}

function renderSwitcher(me: Me, current: WorkspaceWithRole | undefined): void {
  byId("workspace-name").textContent = current?.name ?? "No workspace";
  const list = byId("workspace-list");
  list.replaceChildren(
    ...me.workspaces.map((workspace) =>
      h(
        "li",
        null,
        h(
          "button",
          {
            type: "button",
            class: "menu-item",
            "aria-current": workspace.id === current?.id ? "true" : null,
            onclick: () => {
              if (workspace.id === current?.id) return closeMenus();
              chooseWorkspace(workspace.id);
              location.reload();
            },
          },
          h("span", { class: "name" }, workspace.name),
          h("span", { class: "meta" }, isRole(workspace.role) ? roleLabels[workspace.role] : ""),
        ),
      ),
    ),
  );
  disclosure(byId<HTMLButtonElement>("workspace-button"), byId("workspace-menu"));
}

const closers: (() => void)[] = [];

function closeMenus(): void {
  for (const close of closers) close();
}

/** A button that shows and hides a menu panel: Escape and clicks elsewhere close it. */
function disclosure(button: HTMLButtonElement, panel: HTMLElement): void {
  const close = (focusButton = false) => {
    if (panel.hidden) return;
    panel.hidden = true;
    button.setAttribute("aria-expanded", "false");
    if (focusButton) button.focus();
  };
  closers.push(() => close());
  button.addEventListener("click", () => {
    const opening = panel.hidden;
    closeMenus();
    if (!opening) return;
    panel.hidden = false;
    button.setAttribute("aria-expanded", "true");
    panel.querySelector<HTMLElement>("[aria-current=true], .menu-item")?.focus();
  });
  panel.addEventListener("keydown", (event) => {
    if (event.key === "Escape") return close(true);
    if (event.key !== "ArrowDown" && event.key !== "ArrowUp") return;
    event.preventDefault();
    const items = [...panel.querySelectorAll<HTMLElement>(".menu-item")];
    const at = items.indexOf(document.activeElement as HTMLElement);
    const next = event.key === "ArrowDown" ? at + 1 : at - 1;
    items[(next + items.length) % items.length]?.focus();
  });
  document.addEventListener("click", (event) => {
    const target = event.target as Node;
    if (!panel.contains(target) && !button.contains(target)) close();
  });
  panel.addEventListener("focusout", (event) => {
    const next = event.relatedTarget as Node | null;
    if (next && !panel.contains(next) && next !== button) close();
  });
}

function openNewWorkspace(): void {
  closeMenus();
  const dialog = byId<HTMLDialogElement>("new-workspace-dialog");
  dialog.showModal();
  byId<HTMLInputElement>("new-workspace-name").focus();
}

function wireNewWorkspace(): void {
  const dialog = byId<HTMLDialogElement>("new-workspace-dialog");
  const form = byId<HTMLFormElement>("new-workspace-form");
  const zone = form.elements.namedItem("timeZone") as HTMLInputElement;
  zone.value = viewerZone;
  zone.addEventListener("focus", () => fillTimeZones(byId<HTMLDataListElement>("time-zones")), {
    once: true,
  });
  byId("new-workspace-button").addEventListener("click", openNewWorkspace);
  byId("new-workspace-cancel").addEventListener("click", () => dialog.close());
  bindForm(
    form,
    async (values) => {
      if (!isTimeZone(values.timeZone ?? "")) {
        setFieldError(form, zone, "timeZone", "Choose a time zone from the list.");
        zone.focus();
        return;
      }
      const { data } = await ok(
        client.POST("/workspaces", {
          body: { name: values.name ?? "", timeZone: values.timeZone ?? "UTC" },
        }),
      );
      chooseWorkspace(data.id);
      setFlash(`Created “${data.name}”. You are its owner.`);
      location.assign("/app");
    },
    { busyLabel: "Creating…" },
  );
}

/** Signing out in another tab ends this one too. */
function watchSignOutElsewhere(): void {
  window.addEventListener("storage", (event) => {
    if (event.key === signedInKey && event.newValue === null) location.assign("/sign-in");
  });
}
