/**
 * The composer's media: what is attached (in order, with alt text), files dropped or chosen and
 * uploaded with progress, and a picker over the library.
 */
import { client, ok } from "../api.ts";
import { emptyState, h, messageOf, notify, showContent, showError, showLoading } from "../dom.ts";
import { field, formDialog } from "../form-dialog.ts";
import type { MediaItem } from "../posts.ts";
import { acceptedTypes, uploadMedia } from "../upload.ts";

export interface MediaElements {
  list: HTMLUListElement;
  uploads: HTMLUListElement;
  dropzone: HTMLElement;
  fileInput: HTMLInputElement;
  chooseButton: HTMLButtonElement;
  libraryButton: HTMLButtonElement;
}

export class AttachedMedia {
  items: MediaItem[] = [];
  private pending = 0;

  constructor(
    private readonly workspaceId: string,
    private readonly elements: MediaElements,
    private readonly changed: () => void,
  ) {
    const { dropzone, fileInput, chooseButton, libraryButton } = elements;
    fileInput.accept = acceptedTypes.join(",");
    chooseButton.addEventListener("click", () => fileInput.click());
    fileInput.addEventListener("change", () => {
      this.upload([...(fileInput.files ?? [])]);
      fileInput.value = "";
    });
    dropzone.addEventListener("dragover", (event) => {
      if (!event.dataTransfer?.types.includes("Files")) return;
      event.preventDefault();
      dropzone.classList.add("dropzone-over");
    });
    dropzone.addEventListener("dragleave", () => dropzone.classList.remove("dropzone-over"));
    dropzone.addEventListener("drop", (event) => {
      event.preventDefault();
      dropzone.classList.remove("dropzone-over");
      this.upload([...(event.dataTransfer?.files ?? [])]);
    });
    libraryButton.addEventListener("click", () => void this.pick());
  }

  /** Uploads still running: the post waits for them. */
  get uploading(): boolean {
    return this.pending > 0;
  }

  set(items: MediaItem[]): void {
    this.items = items;
    this.render();
  }

  add(item: MediaItem): void {
    if (this.items.some((existing) => existing.id === item.id)) return;
    this.items.push(item);
    this.render();
  }

  upload(files: File[]): void {
    for (const file of files) void this.uploadOne(file);
  }

  private async uploadOne(file: File): Promise<void> {
    const bar = h("progress", { max: 100, value: 0, "aria-label": `Uploading ${file.name}` });
    const status = h("span", { class: "muted" }, "Starting…");
    const row = h(
      "li",
      { class: "upload", "data-upload": file.name },
      h("span", { class: "upload-name" }, file.name),
      bar,
      status,
    );
    this.elements.uploads.append(row);
    this.pending += 1;
    this.changed();
    try {
      const item = await uploadMedia(this.workspaceId, file, (fraction) => {
        bar.value = Math.round(fraction * 100);
        status.textContent = fraction >= 1 ? "Checking…" : `${Math.round(fraction * 100)}%`;
      });
      row.remove();
      this.add(item);
      notify(`Uploaded ${file.name}.`);
    } catch (error) {
      bar.remove();
      status.remove();
      row.classList.add("upload-failed");
      row.append(
        h("span", { class: "field-error", role: "alert" }, messageOf(error)),
        h(
          "button",
          { type: "button", class: "btn btn-ghost btn-small", onclick: () => row.remove() },
          "Dismiss",
        ),
      );
    } finally {
      this.pending -= 1;
      this.changed();
    }
  }

  private render(): void {
    const { list } = this.elements;
    list.replaceChildren(
      ...this.items.map((item, index) =>
        h(
          "li",
          { class: "attached", "data-media-id": item.id },
          item.thumbnailUrl
            ? h("img", { src: item.thumbnailUrl, alt: "", width: 72, height: 72 })
            : h("span", { class: "attached-kind" }, item.kind),
          h(
            "span",
            { class: "attached-meta" },
            h("span", { class: "attached-name" }, item.name),
            h(
              "span",
              { class: item.altText ? "muted" : "attached-noalt" },
              item.altText ? "Alt text added" : "No alt text",
            ),
          ),
          h(
            "span",
            { class: "attached-actions" },
            h(
              "button",
              {
                type: "button",
                class: "btn btn-ghost btn-small",
                "aria-label": `Alt text for ${item.name}`,
                onclick: () => void this.editAlt(item),
              },
              "Alt text",
            ),
            h(
              "button",
              {
                type: "button",
                class: "btn btn-ghost btn-small",
                "aria-label": `Remove ${item.name}`,
                onclick: () => {
                  this.items.splice(index, 1);
                  this.render();
                  this.elements.chooseButton.focus();
                },
              },
              "Remove",
            ),
          ),
        ),
      ),
    );
    this.changed();
  }

  private async editAlt(item: MediaItem): Promise<void> {
    await formDialog({
      title: `Alt text for ${item.name}`,
      message:
        "Describe the image for people who cannot see it. It goes with the image to every network.",
      fields: [
        field({
          label: "Alt text",
          name: "altText",
          value: item.altText,
          multiline: true,
          attributes: { maxlength: 1500 },
        }),
      ],
      confirmLabel: "Save alt text",
      busyLabel: "Saving…",
      action: async (values) => {
        const { data } = await ok(
          client.PATCH("/workspaces/{workspaceId}/media/{mediaId}", {
            params: { path: { workspaceId: this.workspaceId, mediaId: item.id } },
            body: { altText: values.altText ?? "", version: item.version },
          }),
        );
        Object.assign(item, data);
        this.render();
      },
    });
  }

  /** The library in a dialog: search, tick, add. */
  private async pick(): Promise<void> {
    const chosen = new Map<string, MediaItem>();
    const results = h("div", { class: "picker-results", "aria-live": "polite" });
    const search = h("input", {
      id: "picker-search",
      class: "input",
      type: "search",
      name: "query",
      autocomplete: "off",
    });
    const load = async () => {
      showLoading(results, "Loading the library…");
      try {
        const text = search.value.trim();
        const { data } = await ok(
          client.GET("/workspaces/{workspaceId}/media", {
            params: {
              path: { workspaceId: this.workspaceId },
              query: { limit: 48, ...(text ? { query: text } : {}) },
            },
          }),
        );
        if (data.items.length === 0) {
          showContent(
            results,
            emptyState({
              title: search.value.trim() ? "Nothing matches" : "The library is empty",
              text: search.value.trim()
                ? "Try other words."
                : "Upload files from the composer or the Media page.",
            }),
          );
          return;
        }
        showContent(
          results,
          h(
            "ul",
            { class: "picker-grid" },
            data.items.map((item) => {
              const id = `pick-${item.id}`;
              const already = this.items.some((attached) => attached.id === item.id);
              const box = h("input", {
                type: "checkbox",
                id,
                checked: already || chosen.has(item.id),
                disabled: already,
              });
              box.addEventListener("change", () => {
                if (box.checked) chosen.set(item.id, item);
                else chosen.delete(item.id);
              });
              return h(
                "li",
                null,
                box,
                h(
                  "label",
                  { for: id, class: "picker-item" },
                  item.thumbnailUrl
                    ? h("img", { src: item.thumbnailUrl, alt: "", loading: "lazy" })
                    : h("span", { class: "attached-kind" }, item.kind),
                  h("span", { class: "picker-name" }, item.name, already ? " (attached)" : ""),
                ),
              );
            }),
          ),
        );
      } catch (error) {
        showError(results, error, () => void load());
      }
    };
    let timer: number | undefined;
    search.addEventListener("input", () => {
      window.clearTimeout(timer);
      timer = window.setTimeout(() => void load(), 250);
    });
    void load();
    await formDialog({
      title: "Add from the library",
      fields: [
        h(
          "div",
          { class: "field" },
          h("label", { for: "picker-search" }, "Search by name, alt text or tag"),
          search,
        ),
        results,
      ],
      confirmLabel: "Add selected",
      action: async () => {
        for (const item of chosen.values()) this.add(item);
      },
    });
  }
}
