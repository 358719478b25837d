/**
 * The options a network takes beyond text and media (YouTube's title, privacy and Shorts,
 * Pinterest's board and link, the link preview of LinkedIn and Facebook, Instagram's post type),
 * as inputs named after the API's override fields.
 */
import { h } from "../dom.ts";
import type { NetworkInfo } from "../networks.ts";

const optionLabels = {
  title: "Video title",
  privacy: "Who can watch",
  shorts: "Publish as a Short",
  boardId: "Board",
  link: "Destination link",
  linkCard: "Link preview (URL)",
  postType: "Post type",
} as const;

export function optionsSection(
  info: NetworkInfo,
  id: string,
  inputs: Map<string, HTMLInputElement | HTMLSelectElement>,
  changed: () => void,
): HTMLElement {
  const fields = info.options.map((name) => {
    const inputId = `${id}-${name}`;
    let input: HTMLInputElement | HTMLSelectElement;
    if (name === "privacy") {
      input = h(
        "select",
        { id: inputId, class: "select" },
        h("option", { value: "" }, "The channel's default"),
        h("option", { value: "public" }, "Everyone (public)"),
        h("option", { value: "unlisted" }, "People with the link (unlisted)"),
        h("option", { value: "private" }, "Only you (private)"),
      );
    } else if (name === "postType") {
      input = h(
        "select",
        { id: inputId, class: "select" },
        h("option", { value: "" }, "Decide from the media"),
        h("option", { value: "feed" }, "Feed post"),
        h("option", { value: "carousel" }, "Carousel"),
        h("option", { value: "reel" }, "Reel"),
        h("option", { value: "story" }, "Story"),
      );
    } else if (name === "shorts") {
      input = h("input", { id: inputId, type: "checkbox" });
    } else {
      input = h("input", {
        id: inputId,
        class: "input",
        type: name === "link" || name === "linkCard" ? "url" : "text",
        autocomplete: "off",
      });
    }
    input.addEventListener("input", changed);
    input.dataset.field = `options.${name}`;
    inputs.set(name, input);
    return name === "shorts"
      ? h("div", { class: "check" }, input, h("label", { for: inputId }, optionLabels[name]))
      : h("div", { class: "field" }, h("label", { for: inputId }, optionLabels[name]), input);
  });
  return h(
    "div",
    { class: "network-options" },
    h("h3", { class: "label" }, `${info.name} options`),
    ...fields,
  );
}
