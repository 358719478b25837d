import { ApiError, client, ok, type Query } from "../lib/api.ts";
import { confirmAction } from "../lib/dialog.ts";
import {
  byId,
  emptyState,
  h,
  messageOf,
  notify,
  showContent,
  showError,
  showLoading,
} from "../lib/dom.ts";
import { bindForm } from "../lib/forms.ts";
import { can, formatBytes, type MediaItem } from "../lib/posts.ts";
import { type AppContext, mountApp } from "../lib/shell.ts";
import { timeElement } from "../lib/time.ts";

import { acceptedTypes, uploadMedia } from "../lib/upload.ts";

const library = byId("media-library");
const filter = byId<HTMLFormElement>("media-filter");
const queryInput = byId<HTMLInputElement>("media-query");
const typeSelect = byId<HTMLSelectElement>("media-type");

mountApp(async (context) => {
  if (can.write(context.role)) wireUploads(context);
  let typing: number | undefined;
  queryInput.addEventListener("input", () => {
    window.clearTimeout(typing);
    typing = window.setTimeout(() => void load(context), 250);
  });
  typeSelect.addEventListener("change", () => void load(context));
  filter.addEventListener("submit", (event) => {
    event.preventDefault();
    void load(context);
  });
  await load(context);
});

let generation = 0;

async function load(context: AppContext): Promise<void> {
  const mine = ++generation;
  showLoading(library, "Loading the library…");
  const grid = h("ul", { class: "media-grid" });
  const more = h("button", { type: "button", class: "btn btn-secondary" }, "Load more");
  const footer = h("div", { class: "load-more" }, more);
  const fetchPage = async (cursor?: string) => {
    const text = queryInput.value.trim();
    const type = typeSelect.value as Query<"listMedia">["type"] | "";
    const query: Query<"listMedia"> = {
      limit: 30,
      ...(text ? { query: text } : {}),
      ...(type ? { type } : {}),
      ...(cursor ? { cursor } : {}),
    };
    const path = { workspaceId: context.workspaceId };
    return (await ok(client.GET("/workspaces/{workspaceId}/media", { params: { path, query } })))
      .data;
  };
  try {
    const first = await fetchPage();
    if (mine !== generation) return;
    if (first.items.length === 0) {
      const searching = Boolean(queryInput.value.trim() || typeSelect.value);
      showContent(
        library,
        emptyState({
          title: searching ? "Nothing matches" : "No media yet",
          text: searching
            ? "Try other words, or both images and videos."
            : can.write(context.role)
              ? "Drop files above, or attach them while writing a post."
              : "Editors add images and videos while writing posts.",
        }),
      );
      return;
    }
    let cursor = first.cursor ?? undefined;
    grid.append(...first.items.map((item) => tile(context, item)));
    footer.hidden = !cursor;
    more.addEventListener("click", async () => {
      if (!cursor) return;
      more.setAttribute("aria-busy", "true");
      try {
        const page = await fetchPage(cursor);
        grid.append(...page.items.map((item) => tile(context, item)));
        cursor = page.cursor ?? undefined;
        footer.hidden = !cursor;
      } catch (error) {
        notify(messageOf(error));
      } finally {
        more.removeAttribute("aria-busy");
      }
    });
    showContent(library, grid, footer);
  } catch (error) {
    if (mine === generation) showError(library, error, () => void load(context));
  }
}

function describe(item: MediaItem): string {
  const size = item.width && item.height ? `${item.width}×${item.height}` : "";
  const duration = item.durationSeconds ? `${item.durationSeconds.toFixed(1)} s` : "";
  return [item.kind === "video" ? "Video" : "Image", size, duration, formatBytes(item.sizeBytes)]
    .filter(Boolean)
    .join(" · ");
}

function tile(context: AppContext, item: MediaItem): HTMLLIElement {
  const element = h(
    "li",
    { class: "media-tile", "data-media": item.name },
    h(
      "button",
      {
        type: "button",
        class: "media-open",
        "aria-label": `${item.name}: details${item.altText ? "" : " (no alt text)"}`,
        onclick: () => open(context, item, element),
      },
      item.thumbnailUrl
        ? h("img", { src: item.thumbnailUrl, alt: "", loading: "lazy" })
        : h("span", { class: "attached-kind" }, item.kind),
    ),
    h(
      "div",
      { class: "media-caption" },
      h("p", { class: "media-name" }, item.name),
      h("p", { class: "muted" }, describe(item)),
      item.altText ? null : h("p", { class: "attached-noalt" }, "No alt text"),
    ),
  );
  return element;
}

/** The item's details; editors change its name, alt text and tags, or delete it. */
function open(context: AppContext, item: MediaItem, tileElement: HTMLElement): void {
  const editor = can.write(context.role);
  const opener = document.activeElement as HTMLElement | null;
  const preview =
    item.kind === "video" && item.url
      ? h("video", { src: item.url, controls: true, preload: "metadata", class: "media-preview" })
      : item.url
        ? h("img", { src: item.url, alt: item.altText, class: "media-preview" })
        : null;
  const facts = h(
    "dl",
    { class: "facts facts-two" },
    h("div", null, h("dt", null, "File"), h("dd", null, describe(item))),
    h(
      "div",
      null,
      h("dt", null, "Added"),
      h("dd", null, timeElement(item.createdAt, context.workspace.timeZone)),
    ),
  );
  const input = (label: string, name: string, value: string, multiline = false) => {
    const id = `media-${name}`;
    return h(
      "div",
      { class: "field" },
      h("label", { for: id }, label),
      multiline
        ? h(
            "textarea",
            { id, name, class: "input", rows: 4, maxlength: 1500, readonly: !editor },
            value,
          )
        : h("input", { id, name, class: "input", value, autocomplete: "off", readonly: !editor }),
      h("p", { class: "field-error", "data-error-for": name, hidden: true }),
    );
  };
  const close = h(
    "button",
    { type: "button", class: "btn btn-secondary" },
    editor ? "Cancel" : "Close",
  );
  const remove = editor
    ? h("button", { type: "button", class: "btn btn-danger-quiet" }, "Delete…")
    : null;
  const form = h(
    "form",
    { class: "dialog-body" },
    h("h2", { id: "media-dialog-title" }, item.name),
    preview,
    facts,
    input("Name", "name", item.name),
    input("Alt text", "altText", item.altText, true),
    input("Tags", "tags", item.tags.join(", ")),
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
      remove,
      h("span", { class: "spacer" }),
      close,
      editor ? h("button", { type: "submit", class: "btn btn-primary" }, "Save") : null,
    ),
  );
  const dialog = h(
    "dialog",
    { "aria-labelledby": "media-dialog-title", class: "dialog-wide" },
    form,
  );
  document.body.append(dialog);
  dialog.addEventListener("close", () => {
    dialog.remove();
    opener?.focus();
  });
  close.addEventListener("click", () => dialog.close());
  remove?.addEventListener(
    "click",
    () =>
      void confirmAction({
        title: `Delete “${item.name}”?`,
        message:
          "It leaves the library for good. Posts that already went out keep their copy on the networks.",
        confirmLabel: "Delete",
        action: async () => {
          await ok(
            client.DELETE("/workspaces/{workspaceId}/media/{mediaId}", {
              params: { path: { workspaceId: context.workspaceId, mediaId: item.id } },
            }),
          );
        },
      }).then((deleted) => {
        if (!deleted) return;
        dialog.close();
        tileElement.remove();
        notify(`Deleted “${item.name}”.`);
      }),
  );
  if (editor) {
    bindForm(
      form,
      async (values) => {
        const tags = (values.tags ?? "")
          .split(",")
          .map((tag) => tag.trim())
          .filter(Boolean);
        const { data } = await ok(
          client.PATCH("/workspaces/{workspaceId}/media/{mediaId}", {
            params: { path: { workspaceId: context.workspaceId, mediaId: item.id } },
            body: {
              name: values.name,
              altText: values.altText ?? "",
              tags,
              version: item.version,
            },
          }),
        );
        dialog.close();
        tileElement.replaceWith(tile(context, data));
        notify(`Saved “${data.name}”.`);
      },
      {
        busyLabel: "Saving…",
        onError: (error) => {
          if (!(error instanceof ApiError) || error.code !== "version_conflict") return false;
          const slot = form.querySelector<HTMLElement>("[data-form-error]");
          if (slot) {
            slot.textContent =
              "Someone else changed this file since you opened it. Close this and open it again to see their version.";
            slot.hidden = false;
            slot.focus();
          }
          return true;
        },
      },
    );
  }
  dialog.showModal();
  (form.querySelector<HTMLElement>("textarea") ?? close).focus();
}

function wireUploads(context: AppContext): void {
  const zone = byId("media-dropzone");
  const files = byId<HTMLInputElement>("media-upload-files");
  const list = byId<HTMLUListElement>("media-uploads");
  zone.hidden = false;
  files.accept = acceptedTypes.join(",");
  byId("media-choose").addEventListener("click", () => files.click());
  const upload = (chosen: File[]) => {
    for (const file of chosen) {
      const bar = h("progress", { max: 100, value: 0, "aria-label": `Uploading ${file.name}` });
      const row = h("li", { class: "upload" }, h("span", { class: "upload-name" }, file.name), bar);
      list.append(row);
      uploadMedia(context.workspaceId, file, (fraction) => {
        bar.value = Math.round(fraction * 100);
      }).then(
        (item) => {
          row.remove();
          notify(`Uploaded ${item.name}.`);
          void load(context);
        },
        (error: unknown) => {
          bar.remove();
          row.classList.add("upload-failed");
          row.append(
            h("span", { class: "field-error", role: "alert" }, messageOf(error)),
            h(
              "button",
              { type: "button", class: "btn btn-ghost btn-small", onclick: () => row.remove() },
              "Dismiss",
            ),
          );
        },
      );
    }
  };
  files.addEventListener("change", () => {
    upload([...(files.files ?? [])]);
    files.value = "";
  });
  zone.addEventListener("dragover", (event) => {
    if (!event.dataTransfer?.types.includes("Files")) return;
    event.preventDefault();
    zone.classList.add("dropzone-over");
  });
  zone.addEventListener("dragleave", () => zone.classList.remove("dropzone-over"));
  zone.addEventListener("drop", (event) => {
    event.preventDefault();
    zone.classList.remove("dropzone-over");
    upload([...(event.dataTransfer?.files ?? [])]);
  });
}
