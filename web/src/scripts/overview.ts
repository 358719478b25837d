import { activityRow, membersById } from "../lib/activity.ts";
import { renderComingUp, renderNeedsAttention, renderWeek } from "../lib/analytics/overview.ts";
import { client, ok } from "../lib/api.ts";
import { byId, emptyState, h, initials, showContent, showError, showLoading } from "../lib/dom.ts";
import { renderOnboarding } from "../lib/onboarding.ts";
import { roleLabels } from "../lib/roles.ts";
import { type AppContext, mountApp } from "../lib/shell.ts";
import { nowIn } from "../lib/time.ts";
import type { ActivityEntry, Member } from "../lib/types.ts";

mountApp(async (context) => {
  const { workspace, role, workspaceId } = context;
  const inWorkspace = { params: { path: { workspaceId } } };
  byId("overview-title").textContent = workspace.name;
  byId("overview-lead").textContent =
    `You are ${/^[aeiou]/.test(role) ? "an" : "a"} ${roleLabels[role].toLowerCase()} here · ` +
    `${workspace.timeZone}, ${nowIn(workspace.timeZone)} there now`;

  renderRules(workspace);
  const teamPanel = byId("team-summary");
  const recentPanel = byId("recent-activity");
  showLoading(teamPanel);
  showLoading(recentPanel);

  const members = ok(client.GET("/workspaces/{workspaceId}/members", inWorkspace)).then(
    (r) => r.data.items,
  );
  const loadTeam = () =>
    members.then(
      (items) => renderTeam(teamPanel, items),
      (error) => showError(teamPanel, error, () => location.reload()),
    );
  const loadRecent = () =>
    Promise.all([
      ok(
        client.GET("/workspaces/{workspaceId}/activity", {
          params: { path: { workspaceId }, query: { limit: 5 } },
        }),
      ),
      members,
    ]).then(
      ([activity, items]) =>
        renderRecent(recentPanel, activity.data.items, items, workspace.timeZone),
      (error) => showError(recentPanel, error, () => location.reload()),
    );
  await Promise.all([
    renderWeek(workspaceId, byId("overview-week")),
    renderComingUp(workspaceId, workspace.timeZone, byId("overview-upcoming")),
    renderNeedsAttention(workspaceId, byId("overview-attention")),
    loadTeam(),
    loadRecent(),
    renderComingUp(workspaceId, workspace.timeZone, byId("overview-went-out"), true),
    renderOnboarding(context),
  ]);
});

function renderRules(workspace: AppContext["workspace"]): void {
  const fact = (term: string, value: string) =>
    h("div", null, h("dt", null, term), h("dd", null, value));
  showContent(
    byId("rules-summary"),
    h(
      "dl",
      { class: "facts" },
      fact("Time zone", workspace.timeZone),
      fact("Approval before publishing", workspace.approvalRequired ? "Required" : "Not required"),
      fact(
        "Late-publish window",
        workspace.latePublishWindowMinutes === 0
          ? "Off — late posts wait for you"
          : `${workspace.latePublishWindowMinutes} minutes`,
      ),
    ),
  );
}

function renderTeam(panel: HTMLElement, members: Member[]): void {
  const shown = members.slice(0, 6);
  showContent(
    panel,
    h(
      "p",
      { class: "stat-line" },
      h("span", { class: "stat" }, members.length),
      members.length === 1 ? "member — just you so far" : "members",
    ),
    h(
      "ul",
      { class: "rows", "aria-label": "Some of the members" },
      shown.map((member) =>
        h(
          "li",
          { class: "row" },
          h(
            "div",
            { class: "row-main" },
            h(
              "span",
              { class: "avatar", "aria-hidden": "true" },
              initials(member.name, member.email),
            ),
            h(
              "div",
              { class: "row-text" },
              h("p", { class: "row-title" }, member.name),
              h("p", { class: "row-sub" }, member.email),
            ),
          ),
          h("span", { class: "badge" }, member.role),
        ),
      ),
    ),
  );
}

function renderRecent(
  panel: HTMLElement,
  entries: ActivityEntry[],
  members: Member[],
  zone: string,
): void {
  if (entries.length === 0) {
    showContent(
      panel,
      emptyState({
        title: "Nothing yet this month",
        text: "Changes to the workspace show up here.",
      }),
    );
    return;
  }
  const names = membersById(members);
  showContent(
    panel,
    h(
      "ul",
      { class: "rows" },
      entries.map((entry) => activityRow(entry, names, zone)),
    ),
  );
}
