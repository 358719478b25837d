/**
 * A post's page, its two panels: each account's target (state, time, link to the live post, and
 * for a failure what to do with a Retry), and the content with each network's own text.
 */
import { client, ok } from "./api.ts";
import { byId, h, initials, messageOf, notify, showContent } from "./dom.ts";
import { networkName } from "./networks.ts";
import { retryNow, whatToDo } from "./post-actions.ts";
import { type Account, accountName, can, type Post, stateBadge, type Target } from "./posts.ts";
import { richText } from "./richtext.ts";
import type { AppContext } from "./shell.ts";
import { timeElement } from "./time.ts";

export function targetRow(
  context: AppContext,
  post: Post,
  target: Target,
  account: Account | undefined,
  reload: (m?: string) => Promise<void>,
): HTMLLIElement {
  const zone = target.timeZone ?? context.workspace.timeZone;
  const when =
    target.state === "published" && target.publishedAt
      ? ["published ", timeElement(target.publishedAt, zone)]
      : target.dueAt
        ? [target.state === "draft" ? "was due " : "due ", timeElement(target.dueAt, zone)]
        : ["not scheduled"];
  const trouble = target.state === "failed" || target.state === "needs_review";
  return h(
    "li",
    {
      class: "row target-row",
      "data-target": target.network,
      "data-account": account?.handle ?? "",
    },
    h(
      "div",
      { class: "row-main" },
      h(
        "span",
        { class: `avatar net-ring net-${target.network}`, "aria-hidden": "true" },
        initials(accountName(account).replace(/[@(]/g, "")),
      ),
      h(
        "div",
        { class: "row-text" },
        h("p", { class: "row-title" }, accountName(account)),
        h("p", { class: "row-sub" }, `${networkName(target.network)} · `, ...when),
        account?.profileUrl
          ? h(
              "p",
              { class: "row-sub" },
              h(
                "a",
                { href: account.profileUrl, target: "_blank", rel: "noopener" },
                "Profile on ",
                networkName(target.network),
                h("span", { class: "visually-hidden" }, " (opens in a new tab)"),
              ),
            )
          : null,
      ),
    ),
    h(
      "div",
      { class: "row-actions" },
      stateBadge(target.state),
      target.url
        ? h(
            "a",
            {
              class: "btn btn-secondary btn-small",
              href: target.url,
              target: "_blank",
              rel: "noopener",
              "data-live-link": target.network,
            },
            `View on ${networkName(target.network)}`,
            h("span", { class: "visually-hidden" }, " (opens in a new tab)"),
          )
        : null,
    ),
    trouble
      ? h(
          "div",
          { class: "alert alert-error target-problem" },
          h("p", null, whatToDo(target, account)),
          can.write(context.role)
            ? h(
                "button",
                {
                  type: "button",
                  class: "btn btn-secondary btn-small",
                  onclick: async (event: Event) => {
                    const button = event.currentTarget as HTMLButtonElement;
                    button.setAttribute("aria-busy", "true");
                    try {
                      await retryNow(context.workspaceId, post.id, target.id);
                      await reload("Retrying now.");
                    } catch (error) {
                      notify(messageOf(error));
                      button.removeAttribute("aria-busy");
                    }
                  },
                },
                "Retry now",
              )
            : null,
        )
      : null,
  );
}

export async function renderContent(context: AppContext, post: Post): Promise<void> {
  const panel = byId("post-content");
  const facts: HTMLElement[] = [];
  const fact = (term: string, ...value: (Node | string)[]) =>
    facts.push(h("div", null, h("dt", null, term), h("dd", null, ...value)));
  if (post.tags.length) fact("Tags", post.tags.map((tag) => `#${tag}`).join(" "));
  if (post.campaign) fact("Campaign", post.campaign);
  if (post.notes) fact("Notes", post.notes);
  // One box per network that has its own text, thread or first comment.
  const seen = new Set<string>();
  const overrides = post.targets.filter((t) => {
    const own =
      t.overrides.text !== undefined || t.overrides.thread?.length || t.overrides.firstComment;
    if (!own || seen.has(t.network)) return false;
    seen.add(t.network);
    return true;
  });
  const mediaList = h("ul", { class: "media-row" });
  showContent(
    panel,
    h(
      "p",
      { class: "post-text" },
      post.text ? richText(post.text) : h("span", { class: "muted" }, "No main text."),
    ),
    post.mediaIds.length ? mediaList : null,
    overrides.length
      ? h(
          "div",
          { class: "overrides" },
          ...overrides.map((t) =>
            h(
              "div",
              { class: "override" },
              h("p", { class: "label" }, `On ${networkName(t.network)}`),
              t.overrides.text !== undefined
                ? h("p", { class: "post-text" }, richText(t.overrides.text))
                : h("p", { class: "muted" }, "The main text."),
              ...(t.overrides.thread ?? []).map((part, index) =>
                h(
                  "p",
                  { class: "post-text override-part" },
                  h("span", { class: "muted" }, `Thread post ${index + 2}: `),
                  richText(part.text),
                ),
              ),
              t.overrides.firstComment
                ? h(
                    "p",
                    { class: "post-text override-part" },
                    h("span", { class: "muted" }, "First comment: "),
                    richText(t.overrides.firstComment),
                  )
                : null,
            ),
          ),
        )
      : null,
    facts.length ? h("dl", { class: "facts" }, facts) : null,
  );
  const media = await Promise.all(
    post.mediaIds.map((id) =>
      ok(
        client.GET("/workspaces/{workspaceId}/media/{mediaId}", {
          params: { path: { workspaceId: context.workspaceId, mediaId: id } },
        }),
      ).then(
        (r) => r.data,
        () => undefined,
      ),
    ),
  );
  mediaList.replaceChildren(
    ...media.map((item) =>
      item?.thumbnailUrl
        ? h(
            "li",
            null,
            h("img", { src: item.thumbnailUrl, alt: item.altText, width: 96, height: 96 }),
          )
        : h("li", { class: "muted" }, item ? item.name : "A deleted file"),
    ),
  );
}
