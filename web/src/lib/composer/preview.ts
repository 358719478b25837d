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
  /** The network whose tab is open: shown first and marked. */
  selected?: boolean;
}

/**
 * How each network lays a post out in its feed, where it differs from the plain card: Instagram
 * shows the square-cropped media first and the caption under it, cut after about 125
 * characters; LinkedIn's feed cuts the text after about three lines (~210 characters) with
 * "…see more". X and Threads chain a thread's replies under the first post (the thread line).
 */
const looks: Record<string, { mediaFirst?: boolean; cutAt?: number; more?: string }> = {
  instagram: { mediaFirst: true, cutAt: 125, more: "more" },
  linkedin: { cutAt: 210, more: "see more" },
};

export function preview(input: PreviewInput): HTMLElement {
  const info = networkOf(input.network);
  const account = input.accounts[0];
  const more = input.accounts.length - 1;
  const parts: HTMLElement[] = [
    looks[input.network]?.mediaFirst
      ? mediaFirstBubble(input.network, account, input.text, input.media)
      : bubble(input.network, account, input.text, input.media, input.overrides),
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
      class: `preview preview-${input.network} net-${input.network}${input.selected ? " is-selected" : ""}`,
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
    previewText(network, text),
    media.length ? mediaGrid(media) : null,
    overrides.linkCard?.url || overrides.link
      ? h("p", { class: "preview-card" }, overrides.linkCard?.url ?? overrides.link ?? "")
      : null,
  );
}

/** Instagram's order: who, the square media, then the caption after the handle. */
function mediaFirstBubble(
  network: string,
  account: Account | undefined,
  text: string,
  media: MediaItem[],
): HTMLElement {
  const name = account?.handle ?? "your_account";
  return h(
    "article",
    { class: "preview-post" },
    h(
      "header",
      { class: "preview-head" },
      h("span", { class: "avatar preview-avatar", "aria-hidden": "true" }, initials(name)),
      h("span", { class: "preview-who" }, h("strong", null, name)),
    ),
    media.length
      ? mediaGrid(media.slice(0, 1), media.length)
      : h("span", { class: "preview-media preview-media-missing" }, "No image yet"),
    h(
      "div",
      { class: "preview-caption" },
      h("strong", null, `${name} `),
      previewText(network, text),
    ),
  );
}

/** The text as the feed shows it: cut where the network cuts it, with its "more" link. */
function previewText(network: string, text: string): HTMLElement {
  if (!text.trim()) return h("p", { class: "preview-text muted" }, "Nothing written yet.");
  const look = looks[network];
  const chars = [...text];
  if (!look?.cutAt || chars.length <= look.cutAt) {
    return h("p", { class: "preview-text" }, richText(text));
  }
  return h(
    "p",
    { class: "preview-text" },
    richText(chars.slice(0, look.cutAt).join("").trimEnd()),
    h("span", { class: "preview-more" }, `…${look.more}`),
  );
}

function mediaGrid(media: MediaItem[], total = media.length): HTMLElement {
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
    total > shown.length
      ? h("span", { class: "preview-media-more" }, `+${total - shown.length}`)
      : null,
  );
}
