/**
 * Building DOM from islands without a framework: `h()` makes elements (text is always set as
 * text, never parsed as HTML), and the state helpers give every list and panel the same
 * loading, empty and error looks.
 */
import { ApiError } from "./api.ts";

type Child = Node | string | number | false | null | undefined;
type Props = Record<string, string | number | boolean | EventListener | null | undefined>;

export function h<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  props: Props | null = null,
  ...children: (Child | Child[])[]
): HTMLElementTagNameMap[K] {
  const element = document.createElement(tag);
  for (const [name, value] of Object.entries(props ?? {})) {
    if (value === undefined || value === null || value === false) continue;
    if (typeof value === "function") element.addEventListener(name.slice(2), value);
    else if (value === true) element.setAttribute(name, "");
    else if (urlAttributes.has(name)) {
      const url = safeUrl(String(value), name === "src" || name === "poster");
      if (url !== undefined) element.setAttribute(name, url);
    } else element.setAttribute(name, String(value));
  }
  append(element, children);
  return element;
}

/** Attributes a browser follows or loads: they only ever get a vetted URL. */
const urlAttributes = new Set(["href", "src", "poster", "action", "formaction", "xlink:href"]);

/**
 * The one gate for URLs on the page: http(s) (relative paths resolve to the site's own), and for
 * pictures also the `blob:` and `data:image/` URLs the composer makes. `javascript:`, other
 * `data:` and unknown schemes are dropped, so a URL from a network can never run script.
 */
export function safeUrl(value: string, media = false): string | undefined {
  const trimmed = value.trim();
  if (!URL.canParse(trimmed, location.href)) return undefined;
  const url = new URL(trimmed, location.href);
  if (url.protocol === "https:" || url.protocol === "http:") return trimmed;
  if (media && (url.protocol === "blob:" || /^data:image\//i.test(trimmed))) return trimmed;
  return undefined;
}

function append(parent: Element, children: (Child | Child[])[]): void {
  for (const child of children.flat()) {
    if (child === null || child === undefined || child === false) continue;
    parent.append(child instanceof Node ? child : String(child));
  }
}

export function byId<T extends HTMLElement = HTMLElement>(id: string): T {
  const element = document.getElementById(id);
  if (!element) throw new Error(`The page has no #${id}`);
  return element as T;
}

/** Placeholder lines while a panel loads; screen readers hear the label. */
export function showLoading(container: HTMLElement, label = "Loading…"): void {
  container.setAttribute("aria-busy", "true");
  container.replaceChildren(
    h(
      "div",
      { class: "skeleton", role: "status" },
      h("span", { class: "visually-hidden" }, label),
      h("span", { "aria-hidden": "true" }),
      h("span", { "aria-hidden": "true" }),
      h("span", { "aria-hidden": "true" }),
    ),
  );
}

export function showContent(container: HTMLElement, ...children: (Child | Child[])[]): void {
  container.removeAttribute("aria-busy");
  container.replaceChildren();
  append(container, children);
}

export interface EmptyState {
  title: string;
  text?: string;
  action?: HTMLElement;
}

export function emptyState({ title, text, action }: EmptyState): HTMLElement {
  return h(
    "div",
    { class: "state" },
    h("div", { class: "state-mark", "aria-hidden": "true" }, mark()),
    h("h3", null, title),
    text ? h("p", null, text) : null,
    action,
  );
}

/** What went wrong, in the API's words, with a way to try again. */
export function showError(container: HTMLElement, error: unknown, retry?: () => void): void {
  showContent(
    container,
    h(
      "div",
      { class: "state state-error", role: "alert" },
      h("div", { class: "state-mark", "aria-hidden": "true" }, "!"),
      h("h3", null, "This could not be loaded"),
      h("p", null, messageOf(error)),
      retry
        ? h("button", { type: "button", class: "btn btn-secondary", onclick: retry }, "Try again")
        : null,
    ),
  );
}

export function messageOf(error: unknown): string {
  if (error instanceof ApiError) return sentence(error.detail);
  return "Something went wrong in this page. Reload it and try again.";
}

/** The API prefixes input errors with the field ("email: enter a valid email address."). */
export function sentence(detail: string): string {
  const text = detail.replace(/^[\w.-]+: /, "").trim();
  const capitalised = text.charAt(0).toUpperCase() + text.slice(1);
  return /[.!?]$/.test(capitalised) ? capitalised : `${capitalised}.`;
}

function mark(): SVGElement {
  const svg = document.createElementNS("http://www.w3.org/2000/svg", "svg");
  svg.setAttribute("viewBox", "0 0 24 24");
  svg.setAttribute("width", "20");
  svg.setAttribute("height", "20");
  svg.setAttribute("fill", "none");
  svg.setAttribute("stroke", "currentColor");
  svg.setAttribute("stroke-width", "2");
  const path = document.createElementNS("http://www.w3.org/2000/svg", "path");
  path.setAttribute("d", "M4 12h16M12 4v16");
  svg.append(path);
  return svg;
}

/** Two letters for an avatar: initials of the name, else of the email. */
export function initials(name: string, email = ""): string {
  const words = name.trim().split(/\s+/).filter(Boolean);
  const letters =
    words.length >= 2 ? `${words[0]?.[0]}${words[1]?.[0]}` : (words[0] ?? email).slice(0, 2);
  return letters.toUpperCase();
}

let toastTimer: number | undefined;

/** A short confirmation at the bottom of the screen, announced politely. */
export function notify(message: string): void {
  const toast = document.getElementById("toast");
  if (!toast) return;
  toast.textContent = message;
  window.clearTimeout(toastTimer);
  toastTimer = window.setTimeout(() => {
    toast.textContent = "";
  }, 5000);
}
