/**
 * Forms submit through the API and show its problems where they belong: next to the input the
 * problem's `field` names (inputs carry the API's field names), else at the top of the form.
 */
import { ApiError } from "./api.ts";
import { messageOf, sentence } from "./dom.ts";

export type Values = Record<string, string>;

export interface FormOptions {
  /** The submit button's text while the request runs. */
  busyLabel?: string;
  /** Handles an error itself (returns true), e.g. a version conflict. */
  onError?: (error: unknown) => boolean;
}

/** Wires a form: clears old errors, marks the button busy, shows what the API refused. */
export function bindForm(
  form: HTMLFormElement,
  submit: (values: Values, form: HTMLFormElement) => Promise<void>,
  options: FormOptions = {},
): void {
  form.noValidate = true;
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    const button = form.querySelector<HTMLButtonElement>("button[type=submit]");
    if (button?.getAttribute("aria-busy") === "true") return;
    clearErrors(form);
    const label = button?.textContent ?? "";
    if (button) {
      button.setAttribute("aria-busy", "true");
      if (options.busyLabel) button.textContent = options.busyLabel;
    }
    try {
      await submit(valuesOf(form), form);
    } catch (error) {
      if (!options.onError?.(error)) showProblem(form, error);
    } finally {
      if (button) {
        button.removeAttribute("aria-busy");
        if (options.busyLabel) button.textContent = label;
      }
    }
  });
}

export function valuesOf(form: HTMLFormElement): Values {
  const values: Values = {};
  for (const [name, value] of new FormData(form)) {
    if (typeof value === "string") values[name] = value.trim();
  }
  return values;
}

/** Puts the error next to its field (and focuses it), or in the form's error slot. */
export function showProblem(form: HTMLFormElement, error: unknown): void {
  const field = error instanceof ApiError ? error.field : undefined;
  const input = field ? form.elements.namedItem(field) : null;
  if (field && input instanceof HTMLElement) {
    const message = sentence(error instanceof ApiError ? error.detail : "");
    setFieldError(form, input, field, message);
    input.focus();
    return;
  }
  const slot = form.querySelector<HTMLElement>("[data-form-error]");
  if (slot) {
    slot.textContent = messageOf(error);
    slot.hidden = false;
    slot.focus();
  }
}

export function setFieldError(
  form: HTMLFormElement,
  input: HTMLElement,
  field: string,
  message: string,
): void {
  let slot = form.querySelector<HTMLElement>(`[data-error-for="${CSS.escape(field)}"]`);
  if (!slot) {
    slot = document.createElement("p");
    slot.className = "field-error";
    slot.dataset.errorFor = field;
    input.insertAdjacentElement("afterend", slot);
  }
  slot.id ||= `${input.id || field}-error`;
  slot.textContent = message;
  slot.hidden = false;
  input.setAttribute("aria-invalid", "true");
  const described = new Set((input.getAttribute("aria-describedby") ?? "").split(/\s+/));
  described.add(slot.id);
  input.setAttribute("aria-describedby", [...described].filter(Boolean).join(" "));
}

export function clearErrors(form: HTMLFormElement): void {
  for (const slot of form.querySelectorAll<HTMLElement>("[data-error-for], [data-form-error]")) {
    slot.textContent = "";
    slot.hidden = true;
  }
  for (const input of form.querySelectorAll("[aria-invalid]")) {
    input.removeAttribute("aria-invalid");
  }
}
