/**
 * What the autorepost and feed screens share: account pickers, the row buttons that call the
 * API and say what went wrong, and the words for where a new post goes.
 */

import { confirmAction } from "./dialog.ts";
import { h, notify } from "./dom.ts";
import type { Account } from "./posts.ts";
import { accountName } from "./posts.ts";

export const modeLabels = {
  now: "published at once",
  queue: "into the next posting slot",
  draft: "held as a draft for review",
} as const;

/** Checkboxes for the workspace's accounts, named for the API's field. */
export function accountChoices(
  accounts: Account[],
  name: string,
  checked: readonly string[] = [],
): HTMLElement[] {
  if (accounts.length === 0) {
    return [h("p", { class: "hint" }, "Connect an account under Accounts first.")];
  }
  return accounts.map((account) =>
    h(
      "label",
      { class: "checkbox" },
      h("input", {
        type: "checkbox",
        name,
        value: account.id,
        checked: checked.includes(account.id),
      }),
      ` ${accountName(account)} — ${account.network}`,
    ),
  );
}

export function checkedValues(form: HTMLFormElement, name: string): string[] {
  return [...form.querySelectorAll<HTMLInputElement>(`input[name="${name}"]:checked`)].map(
    (input) => input.value,
  );
}

/** A small row button whose failure is told, not swallowed. */
export function rowAction(
  label: string,
  run: () => Promise<void>,
  style = "btn-secondary",
): HTMLButtonElement {
  return h(
    "button",
    {
      type: "button",
      class: `btn ${style} btn-small`,
      onclick: (event: Event) => {
        const button = event.currentTarget as HTMLButtonElement;
        button.setAttribute("aria-busy", "true");
        void run()
          .catch((error: unknown) =>
            notify(error instanceof Error ? error.message : "That did not work. Try again."),
          )
          .finally(() => button.removeAttribute("aria-busy"));
      },
    },
    label,
  );
}

/** The buttons of a rule's or a feed's row: run now, edit, pause or turn on, delete. */
export function manageActions(item: {
  /** "rule", "feed": in the delete dialog's words. */
  noun: string;
  name: string;
  enabled: boolean;
  /** Runs it now and answers what to tell the person. */
  run(): Promise<string>;
  edit(): void;
  setEnabled(enabled: boolean): Promise<void>;
  /** What pausing and turning on mean for this kind of item. */
  toggled: { paused: string; resumed: string };
  remove(): Promise<void>;
  removeMessage: string;
  reload(): Promise<void>;
}): HTMLButtonElement[] {
  return [
    rowAction("Run now", async () => {
      notify(await item.run());
      await item.reload();
    }),
    rowAction("Edit", async () => item.edit()),
    rowAction(item.enabled ? "Pause" : "Turn on", async () => {
      await item.setEnabled(!item.enabled);
      notify(item.enabled ? item.toggled.paused : item.toggled.resumed);
      await item.reload();
    }),
    rowAction(
      "Delete",
      async () => {
        const done = await confirmAction({
          title: `Delete “${item.name}”?`,
          message: item.removeMessage,
          confirmLabel: `Delete ${item.noun}`,
          action: item.remove,
        });
        if (done) await item.reload();
      },
      "btn-danger-quiet",
    ),
  ];
}
