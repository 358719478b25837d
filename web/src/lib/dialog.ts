/**
 * Confirmation for actions that cannot be undone. The action runs inside the dialog, so a
 * refusal from the API is shown where the person is looking, and the dialog closes only once
 * the action succeeded.
 */
import { h } from "./dom.ts";
import { bindForm, setFieldError } from "./forms.ts";

export interface ConfirmOptions {
  title: string;
  message: string;
  confirmLabel: string;
  /** Red confirm button for destructive actions (the default). */
  danger?: boolean;
  /** Asks the person to type this (e.g. the workspace's name) before confirming. */
  typeToConfirm?: string;
  /** Shown under the message: what the action will touch (e.g. the posts a disconnect holds). */
  details?: HTMLElement;
  action: () => Promise<void>;
}

/** Resolves true once the action succeeded, false if the person cancelled. */
export function confirmAction(options: ConfirmOptions): Promise<boolean> {
  const opener = document.activeElement instanceof HTMLElement ? document.activeElement : null;
  const titleId = "confirm-title";
  const messageId = "confirm-message";
  const typed = options.typeToConfirm
    ? h(
        "div",
        { class: "field" },
        h("label", { for: "confirm-input" }, `Type “${options.typeToConfirm}” to confirm`),
        h("input", {
          id: "confirm-input",
          name: "confirmation",
          class: "input",
          autocomplete: "off",
          spellcheck: "false",
        }),
      )
    : null;
  const cancel = h("button", { type: "button", class: "btn btn-secondary" }, "Cancel");
  const form = h(
    "form",
    { class: "dialog-body" },
    h("h2", { id: titleId }, options.title),
    h("p", { id: messageId }, options.message),
    options.details ?? null,
    typed,
    h("p", {
      class: "alert alert-error",
      "data-form-error": true,
      role: "alert",
      tabindex: "-1",
      hidden: true,
    }),
    h(
      "div",
      { class: "dialog-actions" },
      cancel,
      h(
        "button",
        { type: "submit", class: `btn ${options.danger === false ? "btn-primary" : "btn-danger"}` },
        options.confirmLabel,
      ),
    ),
  );
  const dialog = h("dialog", { "aria-labelledby": titleId, "aria-describedby": messageId }, form);
  document.body.append(dialog);

  return new Promise<boolean>((resolve) => {
    let done = false;
    dialog.addEventListener("close", () => {
      dialog.remove();
      opener?.focus();
      resolve(done);
    });
    cancel.addEventListener("click", () => dialog.close());
    bindForm(
      form,
      async (values) => {
        if (options.typeToConfirm && values.confirmation !== options.typeToConfirm) {
          const input = form.elements.namedItem("confirmation") as HTMLInputElement;
          setFieldError(form, input, "confirmation", `Type “${options.typeToConfirm}” exactly.`);
          input.focus();
          return;
        }
        await options.action();
        done = true;
        dialog.close();
      },
      { busyLabel: "Working…" },
    );
    dialog.showModal();
    (form.querySelector("input") ?? cancel).focus();
  });
}
