import {
  type ContentDraft,
  type DraftMedia,
  isNetworkId,
  type RuleIssue,
  registry,
} from "@cadence/networks";
import { VisibleError } from "../error/index.ts";
import type { Overrides } from "./schema.ts";

export type DescribeMedia = (mediaIds: string[]) => Promise<DraftMedia[]>;

/** The draft one network will see: the post's text and media unless the target overrides them. */
export async function draftFor(
  post: { text: string; mediaIds: string[] },
  overrides: Overrides,
  describe: DescribeMedia,
): Promise<ContentDraft> {
  const mediaIds = overrides.mediaIds ?? post.mediaIds;
  return {
    text: overrides.text ?? post.text,
    media: mediaIds.length ? await describe(mediaIds) : [],
    thread: overrides.thread
      ? await Promise.all(
          overrides.thread.map(async (part) => ({
            text: part.text,
            media: part.mediaIds?.length ? await describe(part.mediaIds) : [],
          })),
        )
      : undefined,
    firstComment: overrides.firstComment,
    options: {
      title: overrides.title,
      privacy: overrides.privacy,
      shorts: overrides.shorts,
      boardId: overrides.boardId,
      link: overrides.link,
      linkCard: overrides.linkCard,
      postType: overrides.postType,
    },
  };
}

/** Every target's problems under its network's rules, in target order. */
export async function problemsOf(
  post: { text: string; mediaIds: string[] },
  targets: { network: string; overrides: Overrides }[],
  describe: DescribeMedia,
): Promise<(RuleIssue & { target: number })[]> {
  const issues: (RuleIssue & { target: number })[] = [];
  for (const [index, target] of targets.entries()) {
    if (!isNetworkId(target.network)) continue;
    const networkRules = registry[target.network].rules;
    const draft = await draftFor(post, target.overrides, describe);
    for (const issue of networkRules.validate(draft)) issues.push({ ...issue, target: index });
  }
  return issues;
}

/**
 * Checks every target against its network's rules before anything is scheduled. All problems
 * are reported together; the first one is the headline.
 */
export async function assertPublishable(
  post: { text: string; mediaIds: string[] },
  targets: { network: string; overrides: Overrides }[],
  describe: DescribeMedia,
): Promise<void> {
  const issues = await problemsOf(post, targets, describe);
  const first = issues[0];
  if (first) {
    throw new VisibleError(
      "content_invalid",
      first.message +
        (issues.length > 1
          ? ` (and ${issues.length - 1} more problem${issues.length > 2 ? "s" : ""})`
          : ""),
      `targets[${first.target}].${first.field}`,
      { issues },
    );
  }
}
