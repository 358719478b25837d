/**
 * A confirmation with an Undo button, for changes made in one gesture (dragging a post to
 * another day). It stays while the pointer or focus is on it, and gives way to the next one.
 */
import { h, messageOf, notify } from "./dom.ts";

const visibleMs = 10_000;
let current: { element: HTMLElement; timer: number } | undefined;

export function offerUndo(message: string, undo: () => Promise<void>): void {
  dismiss();
  const plainToast = document.getElementById("toast");
  if (plainToast) plainToast.textContent = "";
  const text = h("span", null, message);
  const button = h("button", { type: "button", class: "btn btn-small undo-button" }, "Undo");
  const element = h("div", { class: "toast undo-toast", role: "status" }, text, button);
  document.body.append(element);
  const entry = { element, timer: 0 };
  const schedule = () => {
    window.clearTimeout(entry.timer);
    entry.timer = window.setTimeout(dismiss, visibleMs);
  };
  const hold = () => window.clearTimeout(entry.timer);
  element.addEventListener("pointerenter", hold);
  element.addEventListener("pointerleave", schedule);
  element.addEventListener("focusin", hold);
  element.addEventListener("focusout", schedule);
  button.addEventListener("click", async () => {
    if (button.getAttribute("aria-busy") === "true") return;
    button.setAttribute("aria-busy", "true");
    button.textContent = "Undoing…";
    try {
      await undo();
      dismiss();
      notify("Undone.");
    } catch (error) {
      text.textContent = messageOf(error);
      button.remove();
      schedule();
    }
  });
  current = entry;
  schedule();
}

export function dismiss(): void {
  if (!current) return;
  window.clearTimeout(current.timer);
  current.element.remove();
  current = undefined;
}
