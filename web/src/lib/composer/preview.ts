/**
 * How the post will look on each network: the account's name and handle, an avatar, the text
 * with its links, hashtags and mentions, the media grid, then the thread and first comment as
 * replies. A close likeness, not a pixel copy: the network decides the final look.
 */
import { h, initials } from "../dom.ts";
import { networkOf } from "../networks.ts";
import type { Account, MediaItem, Overrides } from "../posts.ts";
import { at } from "../posts.ts";
import { richText } from "../richtext.ts";

export interface PreviewInput {
  network: string;
  accounts: Account[];
  text: string;
  media: MediaItem[];
  thread: string[];
  firstComment?: string;
  overrides: Overrides;
}

export function preview(input: PreviewInput): HTMLElement {
  const info = networkOf(input.network);
  const account = input.accounts[0];
  const more = input.accounts.length - 1;
  const parts: HTMLElement[] = [
    bubble(input.network, account, input.text, input.media, input.overrides),
  ];
  input.thread.forEach((text, index) => {
    parts.push(bubble(input.network, account, text, [], {}, `Thread post ${index + 2}`));
  });
  if (input.firstComment?.trim()) {
    parts.push(bubble(input.network, account, input.firstComment, [], {}, "First comment"));
  }
  return h(
    "section",
    {
      class: `preview preview-${input.network} net-${input.network}`,
      "aria-label": `Preview on ${info.name}`,
      "data-preview": input.network,
    },
    h(
      "p",
      { class: "preview-network" },
      h("span", { class: `net-dot net-${input.network}`, "aria-hidden": "true" }),
      info.name,
      more > 0
        ? h("span", { class: "muted" }, ` · and ${more} more account${more > 1 ? "s" : ""}`)
        : null,
    ),
    h("div", { class: "preview-thread" }, parts),
  );
}

function bubble(
  network: string,
  account: Account | undefined,
  text: string,
  media: MediaItem[],
  overrides: Overrides,
  label?: string,
): HTMLElement {
  const name = account?.displayName || account?.handle || "Your account";
  const handle = account ? `${at(account.handle)}` : "";
  return h(
    "article",
    { class: "preview-post" },
    label ? h("p", { class: "preview-label" }, label) : null,
    h(
      "header",
      { class: "preview-head" },
      h("span", { class: "avatar preview-avatar", "aria-hidden": "true" }, initials(name)),
      h(
        "span",
        { class: "preview-who" },
        h("strong", null, name),
        h(
          "span",
          { class: "muted" },
          network === "linkedin" || network === "facebook" ? "Now · Public" : `${handle} · now`,
        ),
      ),
    ),
    overrides.title ? h("p", { class: "preview-title" }, overrides.title) : null,
    text.trim()
      ? h("p", { class: "preview-text" }, richText(text))
      : h("p", { class: "preview-text muted" }, "Nothing written yet."),
    media.length ? mediaGrid(media) : null,
    overrides.linkCard?.url || overrides.link
      ? h("p", { class: "preview-card" }, overrides.linkCard?.url ?? overrides.link ?? "")
      : null,
  );
}

function mediaGrid(media: MediaItem[]): HTMLElement {
  const shown = media.slice(0, 4);
  return h(
    "div",
    { class: `preview-media preview-media-${shown.length}` },
    shown.map((item) =>
      item.thumbnailUrl
        ? h("img", { src: item.thumbnailUrl, alt: item.altText || "", loading: "lazy" })
        : h(
            "span",
            { class: "preview-media-placeholder" },
            item.kind === "video" ? "Video" : "Image",
          ),
    ),
    media.length > 4 ? h("span", { class: "preview-media-more" }, `+${media.length - 4}`) : null,
  );
}
