/**
 * An account's queue: what it posts next, in order. Editors reorder it by dragging or with the
 * Move up / Move down buttons, then save: the posts keep the same set of times, handed out in
 * the new order (the API's PUT …/queue). Remove takes one post out of this account's queue
 * (DELETE …/queue/{targetId}); its other accounts keep theirs.
 */
import { client, ok, type Schema } from "../api.ts";
import { confirmAction } from "../dialog.ts";
import { emptyState, h, messageOf, notify, showContent, showError, showLoading } from "../dom.ts";
import { type Account, at, excerpt, postUrl, stateBadge } from "../posts.ts";
import { timeElement } from "../time.ts";

type QueueEntry = Schema<"QueueEntry">;

export function queuePanel(workspaceId: string, account: Account, editable: boolean): HTMLElement {
  const panel = h("div", { class: "queue" });
  void load(workspaceId, account, editable, panel);
  return panel;
}

async function load(workspaceId: string, account: Account, editable: boolean, panel: HTMLElement) {
  showLoading(panel, "Loading the queue…");
  try {
    const { data } = await ok(
      client.GET("/workspaces/{workspaceId}/accounts/{accountId}/queue", {
        params: { path: { workspaceId, accountId: account.id } },
      }),
    );
    render(workspaceId, account, editable, panel, data.items);
  } catch (error) {
    showError(panel, error, () => void load(workspaceId, account, editable, panel));
  }
}

function render(
  workspaceId: string,
  account: Account,
  editable: boolean,
  panel: HTMLElement,
  entries: QueueEntry[],
): void {
  if (entries.length === 0) {
    showContent(
      panel,
      emptyState({
        title: "Nothing queued",
        text: `Posts scheduled for ${at(account.handle)} show up here in the order they go out.`,
      }),
    );
    return;
  }
  const order = [...entries];
  const times = entries.map((e) => e.dueAt).sort();
  const list = h("ol", { class: "queue-list", "aria-label": `Queue of ${at(account.handle)}` });
  const status = h("p", { class: "muted", role: "status" });
  const save = h(
    "button",
    { type: "button", class: "btn btn-primary btn-small", disabled: true },
    "Save order",
  );
  let dragged: QueueEntry | undefined;

  const changed = () => order.some((entry, index) => entry !== entries[index]);
  const draw = (focusId?: string, focusAction?: string) => {
    list.replaceChildren(
      ...order.map((entry, index) => {
        const item = h(
          "li",
          {
            class: "queue-item",
            draggable: editable ? "true" : null,
            "data-queue": entry.targetId,
          },
          editable ? h("span", { class: "drag-handle", "aria-hidden": "true" }, "⋮⋮") : null,
          // Times stay in their slots; the order decides which post takes which.
          h(
            "span",
            { class: "queue-time" },
            timeElement(times[index] ?? entry.dueAt, account.timeZone),
          ),
          h(
            "a",
            { href: postUrl(entry.postId), class: "queue-text", draggable: "false" },
            excerpt(entry.text, 90),
          ),
          stateBadge(entry.state),
          editable
            ? h(
                "span",
                { class: "queue-actions" },
                h(
                  "button",
                  {
                    type: "button",
                    class: "btn btn-ghost btn-small",
                    "data-action": "up",
                    disabled: index === 0,
                    "aria-label": `Move up: ${excerpt(entry.text, 40)}`,
                    onclick: () => moveEntry(index, index - 1, entry.targetId, "up"),
                  },
                  "Up",
                ),
                h(
                  "button",
                  {
                    type: "button",
                    class: "btn btn-ghost btn-small",
                    "data-action": "down",
                    disabled: index === order.length - 1,
                    "aria-label": `Move down: ${excerpt(entry.text, 40)}`,
                    onclick: () => moveEntry(index, index + 1, entry.targetId, "down"),
                  },
                  "Down",
                ),
                h(
                  "button",
                  {
                    type: "button",
                    class: "btn btn-ghost btn-small",
                    "aria-label": `Remove from the queue: ${excerpt(entry.text, 40)}`,
                    onclick: () => void remove(entry),
                  },
                  "Remove",
                ),
              )
            : null,
        );
        return item;
      }),
    );
    save.disabled = !changed();
    status.textContent = changed() ? "Unsaved order" : "";
    if (focusId) {
      const row = list.querySelector(`[data-queue="${CSS.escape(focusId)}"]`);
      const button =
        row?.querySelector<HTMLButtonElement>(`[data-action="${focusAction}"]:not(:disabled)`) ??
        row?.querySelector<HTMLButtonElement>("button:not(:disabled)");
      button?.focus();
    }
  };
  const moveEntry = (from: number, to: number, focusId?: string, focusAction?: string) => {
    const [entry] = order.splice(from, 1);
    if (!entry) return;
    order.splice(to, 0, entry);
    draw(focusId, focusAction);
  };

  const remove = async (entry: QueueEntry) => {
    await confirmAction({
      title: "Remove from the queue?",
      message: `“${excerpt(entry.text, 80)}” will not go out on ${at(account.handle)}. If the post goes to other accounts too, they keep their times.`,
      confirmLabel: "Remove",
      action: async () => {
        const { data } = await ok(
          client.DELETE("/workspaces/{workspaceId}/accounts/{accountId}/queue/{targetId}", {
            params: { path: { workspaceId, accountId: account.id, targetId: entry.targetId } },
          }),
        );
        notify(`Removed the post from the queue of ${at(account.handle)}.`);
        render(workspaceId, account, editable, panel, data.items);
      },
    });
  };

  list.addEventListener("dragstart", (event) => {
    const id = (event.target as HTMLElement).closest<HTMLElement>("[data-queue]")?.dataset.queue;
    dragged = order.find((e) => e.targetId === id);
    if (dragged && event.dataTransfer) {
      event.dataTransfer.effectAllowed = "move";
      event.dataTransfer.setData("text/plain", dragged.targetId);
    }
  });
  list.addEventListener("dragover", (event) => {
    if (dragged) event.preventDefault();
  });
  list.addEventListener("drop", (event) => {
    const over = (event.target as HTMLElement).closest<HTMLElement>("[data-queue]");
    if (!dragged || !over) return;
    event.preventDefault();
    const from = order.indexOf(dragged);
    const to = order.findIndex((e) => e.targetId === over.dataset.queue);
    if (from !== to && to >= 0) moveEntry(from, to);
    dragged = undefined;
  });

  save.addEventListener("click", async () => {
    save.setAttribute("aria-busy", "true");
    try {
      const { data } = await ok(
        client.PUT("/workspaces/{workspaceId}/accounts/{accountId}/queue", {
          params: { path: { workspaceId, accountId: account.id } },
          body: { targetIds: order.map((e) => e.targetId) },
        }),
      );
      notify(`Saved the queue of ${at(account.handle)}.`);
      render(workspaceId, account, editable, panel, data.items);
    } catch (error) {
      status.textContent = messageOf(error);
    } finally {
      save.removeAttribute("aria-busy");
    }
  });

  draw();
  showContent(
    panel,
    list,
    editable && entries.length > 1 ? h("div", { class: "form-actions" }, save, status) : null,
  );
}
