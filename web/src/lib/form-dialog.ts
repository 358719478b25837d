/**
 * A dialog that asks for a few values and runs the action inside it (a rejection's comment, a
 * new time for a post, a Mastodon server): the API's problems show next to the input they name,
 * and the dialog closes only once the action succeeded. Built like lib/dialog.ts.
 */
import { h } from "./dom.ts";
import { bindForm, type Values } from "./forms.ts";

export interface FieldOptions {
  label: string;
  /** The API's name for the value, so its errors land here. */
  name: string;
  type?: string;
  value?: string;
  hint?: string;
  multiline?: boolean;
  attributes?: Record<string, string | number | boolean>;
}

let fieldCount = 0;

/** A labelled input with its hint and error slot (components/Field.astro, built in the browser). */
export function field(options: FieldOptions): HTMLDivElement {
  const id = `dialog-field-${++fieldCount}`;
  const hintId = options.hint ? `${id}-hint` : undefined;
  const common = {
    id,
    name: options.name,
    class: "input",
    "aria-describedby": hintId,
    ...options.attributes,
  };
  const input = options.multiline
    ? h("textarea", { ...common, rows: 4 }, options.value ?? "")
    : h("input", { ...common, type: options.type ?? "text", value: options.value ?? "" });
  return h(
    "div",
    { class: "field" },
    h("label", { for: id }, options.label),
    input,
    options.hint ? h("p", { class: "hint", id: hintId }, options.hint) : null,
    h("p", { class: "field-error", "data-error-for": options.name, hidden: true }),
  );
}

export interface FormDialogOptions {
  title: string;
  message?: string;
  fields: HTMLElement[];
  confirmLabel: string;
  busyLabel?: string;
  danger?: boolean;
  action: (values: Values, form: HTMLFormElement) => Promise<void>;
}

let dialogCount = 0;

/** Resolves true once the action succeeded, false if the person cancelled. */
export function formDialog(options: FormDialogOptions): Promise<boolean> {
  const opener = document.activeElement instanceof HTMLElement ? document.activeElement : null;
  const titleId = `form-dialog-title-${++dialogCount}`;
  const cancel = h("button", { type: "button", class: "btn btn-secondary" }, "Cancel");
  const form = h(
    "form",
    { class: "dialog-body" },
    h("h2", { id: titleId }, options.title),
    options.message ? h("p", null, options.message) : null,
    ...options.fields,
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
        { type: "submit", class: `btn ${options.danger ? "btn-danger" : "btn-primary"}` },
        options.confirmLabel,
      ),
    ),
  );
  const dialog = h("dialog", { "aria-labelledby": titleId }, form);
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
      async (values, submitted) => {
        await options.action(values, submitted);
        done = true;
        dialog.close();
      },
      { busyLabel: options.busyLabel ?? "Working…" },
    );
    dialog.showModal();
    form.querySelector<HTMLElement>("input, textarea, select")?.focus();
  });
}
