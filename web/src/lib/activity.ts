/** One way to show an activity entry, on the overview and in the full log. */
import { h } from "./dom.ts";
import { timeElement } from "./time.ts";
import type { ActivityEntry, Member } from "./types.ts";

/** Names the actor: a member by name, else what kind of actor it was. */
export function actorName(entry: ActivityEntry, members: Map<string, Member>): string {
  if (entry.actorType === "apikey") return "An API key";
  if (entry.actorType === "system") return "Cadence";
  return members.get(entry.actorId)?.name ?? "A former member";
}

export function activityRow(
  entry: ActivityEntry,
  members: Map<string, Member>,
  workspaceZone: string,
): HTMLLIElement {
  return h(
    "li",
    { class: "row" },
    h(
      "div",
      { class: "row-main" },
      h(
        "div",
        { class: "row-text" },
        h("p", { class: "activity-summary" }, entry.summary),
        h(
          "p",
          { class: "row-sub" },
          actorName(entry, members),
          " · ",
          timeElement(entry.at, workspaceZone),
        ),
      ),
    ),
  );
}

export function membersById(members: Member[]): Map<string, Member> {
  return new Map(members.map((member) => [member.userId, member]));
}
