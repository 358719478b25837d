/**
 * A post's text as the networks show it: links, #hashtags and @mentions highlighted, line
 * breaks kept. Built from text nodes, never parsed as HTML.
 */
import { h } from "./dom.ts";
import { links } from "./networks.ts";

const tagOrMention =
  /(?:^|(?<=[^\p{L}\p{N}_&/@]))(?:[#＃][\p{L}\p{M}\p{N}_]*\p{L}[\p{L}\p{M}\p{N}_]*|@[A-Za-z0-9_]+(?:[.@-][A-Za-z0-9_-]+)*)/gu;

interface Span {
  start: number;
  end: number;
  kind: "link" | "tag" | "mention";
}

function spansOf(text: string): Span[] {
  const spans: Span[] = links(text).map((link) => ({ ...link, kind: "link" as const }));
  for (const match of text.matchAll(tagOrMention)) {
    const start = match.index ?? 0;
    const end = start + match[0].length;
    if (spans.some((s) => s.start < end && start < s.end)) continue;
    spans.push({ start, end, kind: match[0].startsWith("@") ? "mention" : "tag" });
  }
  return spans.sort((a, b) => a.start - b.start);
}

export function richText(text: string): Node[] {
  const nodes: Node[] = [];
  let position = 0;
  for (const span of spansOf(text)) {
    if (span.start > position)
      nodes.push(document.createTextNode(text.slice(position, span.start)));
    nodes.push(h("span", { class: `rich-${span.kind}` }, text.slice(span.start, span.end)));
    position = span.end;
  }
  if (position < text.length) nodes.push(document.createTextNode(text.slice(position)));
  return nodes;
}
