/**
 * The composer's editor: the accounts to post to, the main text, a tab per chosen network with
 * its own text, thread and options, live counts and problems for every network as you type,
 * and the previews. lib/composer/schedule.ts owns "When"; scripts/compose.ts sends the post.
 */

import { client, type Schema } from "../api.ts";
import { byId, h, initials } from "../dom.ts";
import { networkOf } from "../networks.ts";
import { type Account, at, type Overrides, type Post } from "../posts.ts";
import { AttachedMedia } from "./media.ts";
import { type Issue, NetworkPanel } from "./panel.ts";
import { preview } from "./preview.ts";
import { appendSignature } from "./signature.ts";

export type Signature = Schema<"Signature">;

export interface TargetDraft {
  account: Account;
  overrides: Overrides;
}

export class Editor {
  readonly text = byId<HTMLTextAreaElement>("field-text");
  readonly media: AttachedMedia;
  private readonly panels = new Map<string, NetworkPanel>();
  private readonly chosen = new Set<string>();
  private readonly overLimit = new Set<string>();
  private issues = new Map<string, Issue[]>();
  private previewFrame = 0;
  private selectedNetwork: string = "all";
  /** Media problems per network, as the API's rules see them; refreshed when media or accounts change. */
  private mediaIssues = new Map<string, Issue[]>();
  private checkedKey = "";
  private checkTimer = 0;
  /** Account id → the signature scheduling appends to its posts (the oldest, as the API picks). */
  private readonly autoSignatures = new Map<string, Signature>();

  constructor(
    private readonly workspaceId: string,
    private readonly accounts: Account[],
    private readonly onChange: () => void,
    signatures: Signature[] = [],
  ) {
    for (const signature of [...signatures].sort((a, b) => a.id.localeCompare(b.id))) {
      for (const accountId of signature.autoAppend) {
        if (!this.autoSignatures.has(accountId)) this.autoSignatures.set(accountId, signature);
      }
    }
    this.wireSignatures(signatures);
    this.media = new AttachedMedia(
      workspaceId,
      {
        list: byId<HTMLUListElement>("attached-media"),
        uploads: byId<HTMLUListElement>("uploads"),
        dropzone: byId("dropzone"),
        fileInput: byId<HTMLInputElement>("media-files"),
        chooseButton: byId<HTMLButtonElement>("choose-files"),
        libraryButton: byId<HTMLButtonElement>("media-library"),
      },
      () => this.refresh(),
    );
    this.renderAccounts();
    this.text.addEventListener("input", () => this.refresh());
    this.wireTabs();
  }

  chosenAccounts(): Account[] {
    return this.accounts.filter((account) => this.chosen.has(account.id));
  }

  /** The targets to send: each chosen account with its network's overrides. */
  targets(): TargetDraft[] {
    return this.chosenAccounts().map((account) => ({
      account,
      overrides: this.panels.get(account.network)?.overrides(this.text.value) ?? {},
    }));
  }

  /** Problems found while typing, by network. */
  problems(): Map<string, Issue[]> {
    return this.issues;
  }

  load(post: Post): void {
    this.text.value = post.text;
    this.applyTargets(post.targets.filter((t) => t.state !== "canceled"));
  }

  /** Empties the text, media and each tab for the next post; the chosen accounts stay. */
  clearForNext(): void {
    this.text.value = "";
    this.media.set([]);
    this.applyTargets(this.chosenAccounts().map((a) => ({ accountId: a.id, overrides: {} })));
  }

  /** Chooses exactly these accounts and fills each network's tab from its first target. */
  applyTargets(targets: { accountId: string; overrides: Overrides }[]): void {
    for (const account of this.accounts) {
      this.choose(
        account.id,
        targets.some((t) => t.accountId === account.id),
      );
    }
    const seen = new Set<string>();
    for (const target of targets) {
      const network = this.accounts.find((a) => a.id === target.accountId)?.network;
      if (!network || seen.has(network)) continue;
      seen.add(network);
      this.panelFor(network).load(target.overrides, this.text.value);
    }
    this.refresh();
  }

  choose(accountId: string, on: boolean): void {
    const box = document.getElementById(`pick-${accountId}`) as HTMLInputElement | null;
    if (box && !box.disabled) box.checked = on;
    if (on) this.chosen.add(accountId);
    else this.chosen.delete(accountId);
  }

  /** Shows the tab for a network and returns it, e.g. to put an API problem there. */
  openTab(network: string | "all"): NetworkPanel | undefined {
    const all = byId("tab-all");
    all.setAttribute("aria-selected", String(network === "all"));
    all.tabIndex = network === "all" ? 0 : -1;
    byId("panel-all").hidden = network !== "all";
    for (const [id, panel] of this.panels) panel.select(id === network);
    // The preview follows the tab: the network being edited is shown first.
    this.selectedNetwork = network;
    cancelAnimationFrame(this.previewFrame);
    this.previewFrame = requestAnimationFrame(() => this.renderPreviews());
    return network === "all" ? undefined : this.panels.get(network);
  }

  /** Recounts everything after any change; previews follow on the next frame. */
  refresh(): void {
    const main = this.text.value;
    const accounts = this.chosenAccounts();
    const networks = [...new Set(accounts.map((a) => a.network))];
    const counters = byId("counters");
    const chips: HTMLElement[] = [];
    const issues = new Map<string, Issue[]>();
    for (const network of networks) {
      const panel = this.panelFor(network);
      panel.follow(main);
      panel.setAccounts(accounts.filter((a) => a.network === network).map((a) => a.handle));
      const checked = panel.check(
        main,
        this.media.items,
        this.signatureFor(network),
        this.mediaIssues.get(network),
      );
      issues.set(network, checked.issues);
      panel.markProblem(checked.issues.length > 0);
      chips.push(
        h(
          "li",
          {
            class: `counter-chip${checked.text.over ? " counter-over" : ""}`,
            "data-counter-main": network,
          },
          h("span", { class: `net-dot net-${network}`, "aria-hidden": "true" }),
          `${panel.info.name} `,
          h(
            "span",
            { class: "counter" },
            `${checked.text.count.toLocaleString()} / ${checked.text.limit.toLocaleString()}`,
          ),
        ),
      );
      this.announce(network, checked.text.over);
    }
    counters.replaceChildren(...chips);
    this.describeAutoSignatures(accounts);
    this.issues = issues;
    this.showMainProblems(issues);
    for (const [network, panel] of this.panels) {
      const shown = networks.includes(network);
      panel.tab.hidden = !shown;
      if (!shown && panel.tab.getAttribute("aria-selected") === "true") this.openTab("all");
    }
    this.onChange();
    cancelAnimationFrame(this.previewFrame);
    this.previewFrame = requestAnimationFrame(() => this.renderPreviews());
    this.checkMediaSoon(accounts);
  }

  /**
   * Asks the API which attached files each chosen network will not take, once the accounts or
   * the media changed, so the problem shows on the network's tab before Schedule is pressed.
   */
  private checkMediaSoon(accounts: Account[]): void {
    const key = `${accounts.map((a) => a.id).join(",")}|${this.media.items.map((m) => m.id).join(",")}`;
    if (key === this.checkedKey) return;
    this.checkedKey = key;
    clearTimeout(this.checkTimer);
    if (accounts.length === 0 || this.media.items.length === 0) {
      this.mediaIssues = new Map();
      return;
    }
    this.checkTimer = window.setTimeout(async () => {
      const { data } = await client.POST("/workspaces/{workspaceId}/posts/check", {
        params: { path: { workspaceId: this.workspaceId } },
        body: {
          text: this.text.value,
          mediaIds: this.media.items.map((m) => m.id),
          targets: accounts.map((a) => ({ accountId: a.id, overrides: {} })),
        },
      });
      // A failed check changes nothing: scheduling checks again and says what is wrong.
      if (!data || key !== this.checkedKey) return;
      const found = new Map<string, Issue[]>();
      for (const issue of data.issues) {
        // Counts and "needs media" are checked here as you type; the API adds what it alone knows.
        if (!issue.code.startsWith("media_") || issue.code === "media_required") continue;
        const list = found.get(issue.network) ?? [];
        if (!list.some((known) => known.message === issue.message))
          list.push({ field: "media", message: issue.message });
        found.set(issue.network, list);
      }
      this.mediaIssues = found;
      this.refresh();
    }, 250);
  }

  /** The signature scheduling appends for this network's chosen accounts, if any. */
  private signatureFor(network: string): string | undefined {
    const account = this.chosenAccounts().find(
      (a) => a.network === network && this.autoSignatures.has(a.id),
    );
    return account ? this.autoSignatures.get(account.id)?.text : undefined;
  }

  private describeAutoSignatures(accounts: Account[]): void {
    const note = byId("auto-signatures");
    const signed = accounts.filter((a) => this.autoSignatures.has(a.id));
    note.hidden = signed.length === 0;
    note.textContent = signed.length
      ? `When it is scheduled, ${signed
          .map((a) => `${at(a.handle)} gets “${this.autoSignatures.get(a.id)?.name}”`)
          .join(", ")} at the end (already counted and in the preview).`
      : "";
  }

  /** Saved signatures, added to the end of the main text on request. */
  private wireSignatures(signatures: Signature[]): void {
    if (signatures.length === 0) return;
    const select = byId<HTMLSelectElement>("signature-pick");
    select.replaceChildren(...signatures.map((s) => h("option", { value: s.id }, s.name)));
    byId("signature-bar").hidden = false;
    byId("signature-add").addEventListener("click", () => {
      const signature = signatures.find((s) => s.id === select.value);
      if (!signature) return;
      this.text.value = appendSignature(this.text.value, signature.text);
      this.refresh();
      this.text.focus();
    });
  }

  private panelFor(network: string): NetworkPanel {
    let panel = this.panels.get(network);
    if (!panel) {
      panel = new NetworkPanel(network, () => this.refresh());
      this.panels.set(network, panel);
      byId("content-tabs").append(panel.tab);
      byId("panel-all").parentElement?.append(panel.panel);
      panel.tab.addEventListener("click", () => this.openTab(network));
    }
    return panel;
  }

  private renderAccounts(): void {
    byId("account-picks").replaceChildren(
      ...this.accounts.map((account) => {
        const id = `pick-${account.id}`;
        const usable = account.status === "active";
        const box = h("input", {
          type: "checkbox",
          id,
          value: account.id,
          disabled: !usable,
          "aria-describedby": usable ? null : `${id}-why`,
        });
        box.addEventListener("change", () => {
          this.choose(account.id, box.checked);
          this.refresh();
        });
        return h(
          "li",
          { class: `pick${usable ? "" : " pick-disabled"}`, "data-account": account.handle },
          box,
          h(
            "label",
            { for: id },
            h(
              "span",
              { class: `avatar net-ring net-${account.network}`, "aria-hidden": "true" },
              initials(account.displayName || account.handle.replace(/^@/, "")),
            ),
            h(
              "span",
              { class: "pick-text" },
              h("span", { class: "pick-name" }, account.displayName || account.handle),
              h(
                "span",
                { class: "muted" },
                `${networkOf(account.network).name} · ${at(account.handle)}`,
              ),
            ),
          ),
          usable
            ? null
            : h(
                "span",
                { class: "pick-why", id: `${id}-why` },
                account.status === "disconnected" ? "Disconnected" : "Needs reconnecting",
                account.statusReason ? `: ${account.statusReason}` : "",
              ),
        );
      }),
    );
  }

  private wireTabs(): void {
    const list = byId("content-tabs");
    byId("tab-all").addEventListener("click", () => this.openTab("all"));
    list.addEventListener("keydown", (event) => {
      if (!["ArrowLeft", "ArrowRight", "Home", "End"].includes(event.key)) return;
      const tabs = [...list.querySelectorAll<HTMLButtonElement>("[role=tab]:not([hidden])")];
      const at = tabs.indexOf(document.activeElement as HTMLButtonElement);
      const next =
        event.key === "Home"
          ? 0
          : event.key === "End"
            ? tabs.length - 1
            : (at + (event.key === "ArrowRight" ? 1 : -1) + tabs.length) % tabs.length;
      const tab = tabs[next];
      if (!tab) return;
      event.preventDefault();
      tab.focus();
      tab.click();
    });
  }

  /** Lists every network's problems under the main text, so nothing hides in a closed tab. */
  private showMainProblems(issues: Map<string, Issue[]>): void {
    const list = byId("main-problems");
    const items: HTMLElement[] = [];
    for (const [network, found] of issues) {
      for (const issue of found) {
        items.push(
          h(
            "li",
            { "data-problem": network },
            issue.message,
            " ",
            h(
              "button",
              {
                type: "button",
                class: "link-button",
                onclick: () => {
                  this.openTab(network)?.inputFor(issue.field)?.focus();
                },
              },
              `Edit for ${networkOf(network).name}`,
            ),
          ),
        );
      }
    }
    list.replaceChildren(...items);
    list.hidden = items.length === 0;
  }

  /** Says it once when a network goes over its limit or back under it. */
  private announce(network: string, over: boolean): void {
    if (over === this.overLimit.has(network)) return;
    if (over) this.overLimit.add(network);
    else this.overLimit.delete(network);
    byId("count-status").textContent = over
      ? `Too long for ${networkOf(network).name}.`
      : `Fits ${networkOf(network).name} again.`;
  }

  private renderPreviews(): void {
    const accounts = this.chosenAccounts();
    const container = byId("previews");
    if (accounts.length === 0) {
      container.replaceChildren(
        h("p", { class: "muted" }, "Choose an account to see how the post will look there."),
      );
      return;
    }
    const networks = [...new Set(accounts.map((a) => a.network))].sort(
      (a, b) => Number(b === this.selectedNetwork) - Number(a === this.selectedNetwork),
    );
    container.replaceChildren(
      ...networks.map((network) => {
        const panel = this.panelFor(network);
        const signature = this.signatureFor(network);
        const text = panel.effectiveText(this.text.value);
        return preview({
          network,
          accounts: accounts.filter((a) => a.network === network),
          text: signature ? appendSignature(text, signature) : text,
          media: this.media.items,
          thread: panel.threadTexts(),
          firstComment: panel.firstComment(),
          overrides: panel.overrides(this.text.value),
          selected: network === this.selectedNetwork,
        });
      }),
    );
  }
}
