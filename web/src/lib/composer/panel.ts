/**
 * One network's tab in the composer: its own text (or the main text), thread posts and first
 * comment where the network has them, its options, and the live count and problems of each
 * text. Every input carries `data-field`, the name the API gives it under `targets[i].`, so a
 * refusal from the API lands on the right input.
 */
import { h } from "../dom.ts";
import { type NetworkInfo, networkOf } from "../networks.ts";
import type { MediaItem, Overrides } from "../posts.ts";
import { at } from "../posts.ts";
import { optionsSection } from "./options.ts";
import { appendSignature } from "./signature.ts";

export interface Issue {
  /** The API's field under the target: "text", "thread[0].text", "firstComment", "media". */
  field: string;
  message: string;
}

export interface Counted {
  count: number;
  limit: number;
  over: boolean;
}

export class NetworkPanel {
  readonly info: NetworkInfo;
  readonly tab: HTMLButtonElement;
  readonly panel: HTMLDivElement;
  readonly text: HTMLTextAreaElement;
  private custom = false;
  private readonly counter: HTMLSpanElement;
  private readonly reset: HTMLButtonElement;
  private readonly accountsNote: HTMLParagraphElement;
  private readonly threadList: HTMLOListElement;
  private readonly comment: HTMLDivElement;
  private readonly commentButton: HTMLButtonElement;
  private readonly options = new Map<string, HTMLInputElement | HTMLSelectElement>();
  private readonly liveErrors = new Map<string, HTMLParagraphElement>();

  constructor(
    network: string,
    private readonly changed: () => void,
  ) {
    this.info = networkOf(network);
    const id = `net-${network}`;
    this.tab = h(
      "button",
      {
        type: "button",
        role: "tab",
        id: `tab-${id}`,
        "aria-controls": `panel-${id}`,
        "aria-selected": "false",
        tabindex: "-1",
        class: "tab",
        "data-network": network,
      },
      h("span", { class: `net-dot net-${network}`, "aria-hidden": "true" }),
      this.info.name,
      h(
        "span",
        { class: "tab-problem", hidden: true },
        h("span", { "aria-hidden": "true" }, "!"),
        h("span", { class: "visually-hidden" }, " (has problems)"),
      ),
    );
    this.text = h("textarea", {
      id: `${id}-text`,
      class: "input composer-text",
      rows: 6,
      "data-field": "text",
      "aria-describedby": `${id}-text-count ${id}-text-live`,
    });
    this.counter = h("span", { class: "counter", id: `${id}-text-count`, "data-counter": network });
    this.reset = h(
      "button",
      { type: "button", class: "btn btn-ghost btn-small", hidden: true },
      "Use the main text",
    );
    this.accountsNote = h("p", { class: "hint" });
    this.threadList = h("ol", { class: "thread-parts" });
    this.commentButton = h(
      "button",
      { type: "button", class: "btn btn-secondary btn-small" },
      "Add a first comment",
    );
    this.comment = h("div", { class: "field", hidden: true });

    this.panel = h(
      "div",
      {
        role: "tabpanel",
        id: `panel-${id}`,
        "aria-labelledby": `tab-${id}`,
        class: "tab-panel",
        hidden: true,
        "data-network": network,
      },
      this.accountsNote,
      h(
        "div",
        { class: "field" },
        h("label", { for: this.text.id }, `Text for ${this.info.name}`),
        this.text,
        h("div", { class: "field-foot" }, this.counter, this.reset),
        this.liveError("text", `${id}-text-live`),
      ),
      this.info.threads ? this.threadSection() : null,
      this.info.firstComment ? this.commentSection(id) : null,
      this.info.options.length ? optionsSection(this.info, id, this.options, this.changed) : null,
    );

    this.text.addEventListener("input", () => {
      this.custom = true;
      this.reset.hidden = false;
      changed();
    });
    this.reset.addEventListener("click", () => {
      this.custom = false;
      this.reset.hidden = true;
      this.text.focus();
      changed();
    });
  }

  /** Which accounts this tab writes for. */
  setAccounts(handles: string[]): void {
    this.accountsNote.textContent = `What you write here goes to ${this.info.name} only (${handles.map(at).join(", ")}). Until you change it, it is the main text.`;
  }

  /** Keeps the tab's text in step with the main text until it is changed here. */
  follow(mainText: string): void {
    if (!this.custom && this.text.value !== mainText) this.text.value = mainText;
  }

  effectiveText(mainText: string): string {
    return this.custom ? this.text.value : mainText;
  }

  threadTexts(): string[] {
    return [...this.threadList.querySelectorAll("textarea")].map((area) => area.value);
  }

  firstComment(): string | undefined {
    if (this.comment.hidden) return undefined;
    return this.comment.querySelector("textarea")?.value ?? "";
  }

  /** The overrides the API gets for this network's accounts. */
  overrides(mainText: string): Overrides {
    const overrides: Overrides = {};
    if (this.custom && this.text.value !== mainText) overrides.text = this.text.value;
    const thread = this.threadTexts();
    if (thread.length) overrides.thread = thread.map((text) => ({ text }));
    const comment = this.firstComment();
    if (comment?.trim()) overrides.firstComment = comment;
    for (const [name, input] of this.options) {
      const value =
        input instanceof HTMLInputElement && input.type === "checkbox"
          ? input.checked
          : input.value.trim();
      if (value === "" || value === false) continue;
      if (name === "linkCard") overrides.linkCard = { url: String(value) };
      else Object.assign(overrides, { [name]: value });
    }
    return overrides;
  }

  /** Fills the tab from saved overrides (an existing post's, or a preset's), replacing it. */
  load(overrides: Overrides, mainText: string): void {
    this.threadList.replaceChildren();
    this.comment.hidden = true;
    this.commentButton.hidden = false;
    this.custom = overrides.text !== undefined && overrides.text !== mainText;
    this.text.value = overrides.text ?? mainText;
    this.reset.hidden = !this.custom;
    for (const part of overrides.thread ?? []) this.addThreadPart(part.text);
    if (overrides.firstComment !== undefined) this.showComment(overrides.firstComment);
    for (const [name, input] of this.options) {
      const value =
        name === "linkCard" ? overrides.linkCard?.url : overrides[name as keyof Overrides];
      if (value === undefined) continue;
      if (input instanceof HTMLInputElement && input.type === "checkbox")
        input.checked = value === true;
      else input.value = String(value);
    }
  }

  /**
   * Counts every text as the network does and shows what is over its limit, as you type.
   * `signature` is what scheduling appends for these accounts; it counts too.
   */
  check(
    mainText: string,
    media: MediaItem[],
    signature?: string,
    /** Problems the API found that a browser cannot see (e.g. a file type the network refuses). */
    found: Issue[] = [],
  ): { issues: Issue[]; text: Counted } {
    const issues: Issue[] = [...found];
    const { limit, name, unit } = this.info;
    const measure = (field: string, label: string, value: string, counter: HTMLElement) => {
      const count = this.info.count(value);
      counter.textContent = `${count.toLocaleString()} / ${limit.toLocaleString()}`;
      counter.classList.toggle("counter-over", count > limit);
      if (count > limit) {
        issues.push({
          field,
          message: `${name} allows ${limit.toLocaleString()} ${unit}; ${label} has ${count.toLocaleString()}.`,
        });
      }
      return { count, limit, over: count > limit };
    };
    const own = this.effectiveText(mainText);
    const text = measure(
      "text",
      "this post",
      signature ? appendSignature(own, signature) : own,
      this.counter,
    );
    if (!this.effectiveText(mainText).trim() && media.length === 0) {
      issues.push({ field: "text", message: `${name} needs text or media in a post.` });
    }
    this.threadList.querySelectorAll<HTMLElement>("li").forEach((part, index) => {
      const area = part.querySelector("textarea");
      const counter = part.querySelector<HTMLElement>(".counter");
      if (!area || !counter) return;
      const field = `thread[${index}].text`;
      measure(field, `thread post ${index + 2}`, area.value, counter);
      if (!area.value.trim())
        issues.push({ field, message: `${name} needs text in thread post ${index + 2}.` });
    });
    const comment = this.firstComment();
    const commentCounter = this.comment.querySelector<HTMLElement>(".counter");
    if (comment !== undefined && commentCounter) {
      measure("firstComment", "the first comment", comment, commentCounter);
    }
    if (this.info.requiresMedia && media.length === 0) {
      issues.push({ field: "media", message: `${name} needs an image or a video in every post.` });
    }
    if (media.length > this.info.maxMedia) {
      issues.push({
        field: "media",
        message: `${name} takes up to ${this.info.maxMedia} media item${this.info.maxMedia === 1 ? "" : "s"} in a post; this one has ${media.length}.`,
      });
    }
    this.showLiveErrors(issues);
    return { issues, text };
  }

  /** The input the API's field names, e.g. "thread[1].text" or "options.title". */
  inputFor(field: string): HTMLElement | undefined {
    const name = field.replace(/^options\./, "");
    return (
      this.panel.querySelector<HTMLElement>(`[data-field="${CSS.escape(field)}"]`) ??
      this.options.get(name) ??
      (field.startsWith("media") ? undefined : this.text)
    );
  }

  select(selected: boolean): void {
    this.tab.setAttribute("aria-selected", String(selected));
    this.tab.tabIndex = selected ? 0 : -1;
    this.panel.hidden = !selected;
  }

  markProblem(hasProblem: boolean): void {
    const marker = this.tab.querySelector<HTMLElement>(".tab-problem");
    if (marker) marker.hidden = !hasProblem;
    this.tab.classList.toggle("tab-invalid", hasProblem);
  }

  private liveError(field: string, id: string): HTMLParagraphElement {
    const slot = h("p", { class: "field-error", id, "data-live-error": field, hidden: true });
    this.liveErrors.set(field, slot);
    return slot;
  }

  private showLiveErrors(issues: Issue[]): void {
    for (const [field, slot] of this.liveErrors) {
      const messages = issues.filter((issue) =>
        field === "text"
          ? issue.field === "text" || issue.field === "media"
          : issue.field === field,
      );
      slot.textContent = messages.map((issue) => issue.message).join(" ");
      slot.hidden = messages.length === 0;
      const input = slot.parentElement?.querySelector("textarea");
      if (input) {
        if (messages.length) input.setAttribute("aria-invalid", "true");
        else if (!input.dataset.serverError) input.removeAttribute("aria-invalid");
      }
    }
  }

  private threadSection(): HTMLElement {
    const add = h(
      "button",
      { type: "button", class: "btn btn-secondary btn-small" },
      "Add to the thread",
    );
    add.addEventListener("click", () => {
      this.addThreadPart("").focus();
      this.changed();
    });
    return h(
      "div",
      { class: "thread" },
      h("h3", { class: "label" }, "Thread"),
      h(
        "p",
        { class: "hint" },
        `Replies that continue the post on ${this.info.name}, published one after another.`,
      ),
      this.threadList,
      add,
    );
  }

  private addThreadPart(value: string): HTMLTextAreaElement {
    const index = this.threadList.children.length;
    const id = `net-${this.info.id}-thread-${Date.now().toString(36)}-${index}`;
    const area = h(
      "textarea",
      { id, class: "input", rows: 3, "aria-describedby": `${id}-count ${id}-live` },
      value,
    );
    const counter = h("span", { class: "counter", id: `${id}-count` });
    const remove = h("button", { type: "button", class: "btn btn-ghost btn-small" }, "Remove");
    const label = h("label", { for: id });
    const live = h("p", { class: "field-error", id: `${id}-live`, hidden: true });
    const item = h(
      "li",
      { class: "field" },
      label,
      area,
      h("div", { class: "field-foot" }, counter, remove),
      live,
    );
    remove.addEventListener("click", () => {
      item.remove();
      this.renumberThread();
      this.changed();
    });
    area.addEventListener("input", this.changed);
    this.threadList.append(item);
    this.renumberThread();
    return area;
  }

  private renumberThread(): void {
    this.liveErrors.forEach((_, field) => {
      if (field.startsWith("thread")) this.liveErrors.delete(field);
    });
    this.threadList.querySelectorAll("li").forEach((item, index) => {
      const field = `thread[${index}].text`;
      const label = item.querySelector("label");
      if (label) label.textContent = `Thread post ${index + 2}`;
      item.querySelector("textarea")?.setAttribute("data-field", field);
      const live = item.querySelector<HTMLParagraphElement>(".field-error");
      if (live) {
        live.dataset.liveError = field;
        this.liveErrors.set(field, live);
      }
      item.querySelector("button")?.setAttribute("aria-label", `Remove thread post ${index + 2}`);
    });
  }

  private commentSection(id: string): HTMLElement {
    const areaId = `${id}-comment`;
    const area = h("textarea", {
      id: areaId,
      class: "input",
      rows: 3,
      "data-field": "firstComment",
      "aria-describedby": `${areaId}-count ${areaId}-live`,
    });
    const remove = h(
      "button",
      { type: "button", class: "btn btn-ghost btn-small" },
      "Remove the first comment",
    );
    this.comment.append(
      h("label", { for: areaId }, "First comment"),
      area,
      h(
        "div",
        { class: "field-foot" },
        h("span", { class: "counter", id: `${areaId}-count` }),
        remove,
      ),
      this.liveError("firstComment", `${areaId}-live`),
    );
    area.addEventListener("input", this.changed);
    this.commentButton.addEventListener("click", () => {
      this.showComment("");
      area.focus();
      this.changed();
    });
    remove.addEventListener("click", () => {
      area.value = "";
      this.comment.hidden = true;
      this.commentButton.hidden = false;
      this.commentButton.focus();
      this.changed();
    });
    return h("div", { class: "first-comment" }, this.commentButton, this.comment);
  }

  private showComment(value: string): void {
    const area = this.comment.querySelector("textarea");
    if (area) area.value = value;
    this.comment.hidden = false;
    this.commentButton.hidden = true;
  }
}
