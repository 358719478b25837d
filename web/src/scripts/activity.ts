import { activityRow, membersById } from "../lib/activity.ts";
import { client, ok } from "../lib/api.ts";
import { byId, emptyState, h, messageOf, showContent, showError, showLoading } from "../lib/dom.ts";
import { type AppContext, mountApp } from "../lib/shell.ts";
import type { Member } from "../lib/types.ts";

const monthInput = byId<HTMLInputElement>("activity-month");

mountApp(async (context) => {
  const members = await ok(
    client.GET("/workspaces/{workspaceId}/members", {
      params: { path: { workspaceId: context.workspaceId } },
    }),
  )
    .then((r) => membersById(r.data.items))
    .catch(() => new Map<string, Member>());
  const fromUrl = new URLSearchParams(location.search).get("month");
  monthInput.value = fromUrl && /^\d{4}-\d{2}$/.test(fromUrl) ? fromUrl : thisMonth();
  monthInput.max = thisMonth();

  const show = () => {
    const url = new URL(location.href);
    url.searchParams.set("month", monthInput.value);
    history.replaceState(null, "", url);
    void loadMonth(context, members, monthInput.value);
  };
  monthInput.addEventListener("change", () => {
    if (/^\d{4}-\d{2}$/.test(monthInput.value)) show();
  });
  byId("activity-previous").addEventListener("click", () => {
    monthInput.value = shiftMonth(monthInput.value, -1);
    show();
  });
  byId("activity-next").addEventListener("click", () => {
    monthInput.value = shiftMonth(monthInput.value, 1);
    show();
  });
  byId("activity-filter").addEventListener("submit", (event) => {
    event.preventDefault();
    show();
  });
  await loadMonth(context, members, monthInput.value);
});

/** The log is kept per UTC month, as the API files it. */
function thisMonth(): string {
  return new Date().toISOString().slice(0, 7);
}

function shiftMonth(month: string, by: number): string {
  const [year, number] = (/^\d{4}-\d{2}$/.test(month) ? month : thisMonth()).split("-").map(Number);
  const date = new Date(Date.UTC(year ?? 2000, (number ?? 1) - 1 + by, 1));
  return date.toISOString().slice(0, 7);
}

function monthName(month: string): string {
  const [year, number] = month.split("-").map(Number);
  return new Intl.DateTimeFormat(undefined, {
    month: "long",
    year: "numeric",
    timeZone: "UTC",
  }).format(new Date(Date.UTC(year ?? 2000, (number ?? 1) - 1, 1)));
}

let generation = 0;

async function loadMonth(
  context: AppContext,
  members: Map<string, Member>,
  month: string,
): Promise<void> {
  const mine = ++generation;
  const panel = byId("activity");
  byId<HTMLButtonElement>("activity-next").disabled = month >= thisMonth();
  showLoading(panel, `Loading ${monthName(month)}…`);
  const list = h("ul", { class: "rows" });
  const more = h("button", { type: "button", class: "btn btn-secondary" }, "Load more");
  const footer = h("div", { class: "load-more" }, more);

  const fetchPage = async (cursor?: string) => {
    const { data } = await ok(
      client.GET("/workspaces/{workspaceId}/activity", {
        params: {
          path: { workspaceId: context.workspaceId },
          query: { month, limit: 25, ...(cursor ? { cursor } : {}) },
        },
      }),
    );
    return data;
  };

  try {
    const first = await fetchPage();
    if (mine !== generation) return;
    if (first.items.length === 0) {
      showContent(
        panel,
        emptyState({
          title: `Nothing happened in ${monthName(month)}`,
          text: "Pick another month to see what changed then.",
        }),
      );
      return;
    }
    list.append(...first.items.map((e) => activityRow(e, members, context.workspace.timeZone)));
    let cursor = first.cursor ?? undefined;
    footer.hidden = !cursor;
    more.addEventListener("click", async () => {
      if (!cursor) return;
      more.setAttribute("aria-busy", "true");
      more.textContent = "Loading…";
      try {
        const page = await fetchPage(cursor);
        list.append(...page.items.map((e) => activityRow(e, members, context.workspace.timeZone)));
        cursor = page.cursor ?? undefined;
        footer.hidden = !cursor;
      } catch (error) {
        footer.replaceChildren(
          h("p", { class: "alert alert-error", role: "alert" }, messageOf(error)),
          more,
        );
      } finally {
        more.removeAttribute("aria-busy");
        more.textContent = "Load more";
      }
    });
    showContent(panel, list, footer);
  } catch (error) {
    if (mine === generation) showError(panel, error, () => void loadMonth(context, members, month));
  }
}
