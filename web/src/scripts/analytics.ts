import { renderChart } from "../lib/analytics/chart.ts";
import { heatmap, suggestedSlotsForm } from "../lib/analytics/heatmap.ts";
import { accountTable, networkTable, topPostsTable, totalsCards } from "../lib/analytics/tables.ts";
import {
  type BestTimes,
  type FigureName,
  figureLabels,
  type Summary,
  type TopPost,
} from "../lib/analytics/types.ts";
import { client, ok, type Query } from "../lib/api.ts";
import { byId, h, messageOf, notify, showContent, showError, showLoading } from "../lib/dom.ts";
import { networkName } from "../lib/networks.ts";
import type { Account } from "../lib/posts.ts";
import { at } from "../lib/posts.ts";
import { atLeast } from "../lib/roles.ts";
import { type AppContext, mountApp } from "../lib/shell.ts";
import { formatDay } from "../lib/zoned.ts";

const form = byId<HTMLFormElement>("analytics-filters");
const periodSelect = byId<HTMLSelectElement>("analytics-period");
const fromInput = byId<HTMLInputElement>("analytics-from");
const toInput = byId<HTMLInputElement>("analytics-to");
const filterSelect = byId<HTMLSelectElement>("analytics-filter");
const figureSelect = byId<HTMLSelectElement>("chart-figure");

const chartFigures: FigureName[] = [
  "engagements",
  "impressions",
  "posts",
  "likes",
  "comments",
  "shares",
  "clicks",
  "engagementRate",
];

let lastSummary: Summary | undefined;
let topSort: FigureName = "engagements";
let generation = 0;

/** The query string the period and filter controls stand for. */
/** The period and filter chosen, as the analytics routes take them. */
function query(): Query<"getAnalyticsSummary"> {
  const period =
    periodSelect.value === "custom"
      ? { from: fromInput.value, to: toInput.value }
      : { days: periodSelect.value };
  const [kind, value] = filterSelect.value.split(":", 2);
  return { ...period, ...(kind && value ? { [kind]: value } : {}) } as Query<"getAnalyticsSummary">;
}

function restoreFromUrl(): void {
  const url = new URLSearchParams(location.search);
  const days = url.get("days");
  if (url.get("from") && url.get("to")) {
    periodSelect.value = "custom";
    fromInput.value = url.get("from") ?? "";
    toInput.value = url.get("to") ?? "";
  } else if (days && ["7", "30", "90"].includes(days)) {
    periodSelect.value = days;
  }
  for (const kind of ["account", "network", "campaign", "tag"]) {
    const value = url.get(kind);
    if (value) filterSelect.value = `${kind}:${value}`;
  }
  toggleCustom();
}

function toggleCustom(): void {
  const custom = periodSelect.value === "custom";
  byId("analytics-custom").hidden = !custom;
  byId("analytics-custom-to").hidden = !custom;
  fromInput.required = custom;
  toInput.required = custom;
}

function fillFilters(accounts: Account[]): void {
  const networks = [...new Set(accounts.map((a) => a.network))].sort();
  filterSelect.append(
    h(
      "optgroup",
      { label: "Account" },
      accounts.map((a) =>
        h("option", { value: `account:${a.id}` }, `${at(a.handle)} (${networkName(a.network)})`),
      ),
    ),
    h(
      "optgroup",
      { label: "Network" },
      networks.map((n) => h("option", { value: `network:${n}` }, networkName(n))),
    ),
  );
}

/** Campaigns and tags come from the URL (links from posts) since the API has no list of them. */
function addUrlFilter(): void {
  const url = new URLSearchParams(location.search);
  for (const kind of ["campaign", "tag"] as const) {
    const value = url.get(kind);
    if (value) {
      filterSelect.append(
        h(
          "option",
          { value: `${kind}:${value}` },
          `${kind === "tag" ? "Tag" : "Campaign"}: ${value}`,
        ),
      );
    }
  }
}

mountApp(async (context) => {
  const path = { workspaceId: context.workspaceId };
  const accounts = await ok(client.GET("/workspaces/{workspaceId}/accounts", { params: { path } }))
    .then((r) => r.data.items)
    .catch(() => [] as Account[]);
  fillFilters(accounts);
  addUrlFilter();
  figureSelect.replaceChildren(
    ...chartFigures.map((name) => h("option", { value: name }, figureLabels[name])),
  );
  restoreFromUrl();
  periodSelect.addEventListener("change", toggleCustom);
  figureSelect.addEventListener("change", () => {
    if (lastSummary)
      renderChart(byId("analytics-chart"), lastSummary, figureSelect.value as FigureName);
  });
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    if (!form.reportValidity()) return;
    history.replaceState(null, "", `?${new URLSearchParams(query() as Record<string, string>)}`);
    void load(context);
  });
  for (const button of document.querySelectorAll<HTMLButtonElement>("[data-export]")) {
    button.addEventListener("click", () => void download(context, button));
  }
  await Promise.all([load(context), loadHeatmap(context, accounts), weeklyEmail(context)]);
});

/** The person's own weekly summary switch. */
async function weeklyEmail(context: AppContext): Promise<void> {
  const box = byId<HTMLInputElement>("weekly-email");
  const path = { workspaceId: context.workspaceId };
  const current = await ok(
    client.GET("/workspaces/{workspaceId}/analytics/weekly-email", { params: { path } }),
  ).catch(() => undefined);
  if (!current) return;
  box.checked = current.data.enabled;
  box.disabled = false;
  box.addEventListener("change", async () => {
    box.disabled = true;
    try {
      const { data } = await ok(
        client.PUT("/workspaces/{workspaceId}/analytics/weekly-email", {
          params: { path },
          body: { enabled: box.checked },
        }),
      );
      box.checked = data.enabled;
      notify(
        data.enabled ? "You will get a summary every Monday." : "Weekly summary switched off.",
      );
    } catch (error) {
      box.checked = !box.checked;
      notify(messageOf(error));
    } finally {
      box.disabled = false;
    }
  });
}

async function load(context: AppContext): Promise<void> {
  const mine = ++generation;
  const panels = [
    "analytics-totals",
    "analytics-chart",
    "analytics-networks",
    "analytics-accounts",
  ];
  for (const id of panels) showLoading(byId(id));
  try {
    const { data } = await ok(
      client.GET("/workspaces/{workspaceId}/analytics/summary", {
        params: { path: { workspaceId: context.workspaceId }, query: query() },
      }),
    );
    if (mine !== generation) return;
    lastSummary = data;
    const { from, to, previous, timeZone } = data.period;
    byId("totals-period").textContent =
      `${formatDay(from)} – ${formatDay(to)} (${timeZone}), against ${formatDay(previous.from)} – ${formatDay(previous.to)}`;
    showContent(byId("analytics-totals"), totalsCards(data));
    renderChart(byId("analytics-chart"), data, figureSelect.value as FigureName);
    showContent(byId("analytics-networks"), networkTable(data));
    showContent(byId("analytics-accounts"), accountTable(data));
  } catch (error) {
    for (const id of panels) showError(byId(id), error, () => void load(context));
  }
  await loadTop(context);
}

async function loadTop(context: AppContext): Promise<void> {
  const panel = byId("analytics-top");
  showLoading(panel, "Loading top posts…");
  try {
    const { data } = await ok(
      client.GET("/workspaces/{workspaceId}/analytics/top-posts", {
        params: {
          path: { workspaceId: context.workspaceId },
          query: { ...query(), sort: topSort } as Query<"listTopPosts">,
        },
      }),
    );
    showContent(
      panel,
      topPostsTable(data.items, topSort, (figure) => {
        topSort = figure;
        void loadTop(context).then(() =>
          panel.querySelector<HTMLButtonElement>(`[aria-sort="descending"] button`)?.focus(),
        );
      }),
    );
  } catch (error) {
    showError(panel, error, () => void loadTop(context));
  }
}

async function loadHeatmap(context: AppContext, accounts: Account[]): Promise<void> {
  const panel = byId("analytics-heatmap");
  showLoading(panel, "Loading the best times…");
  try {
    const { data } = await ok(
      client.GET("/workspaces/{workspaceId}/analytics/best-times", {
        params: { path: { workspaceId: context.workspaceId } },
      }),
    );
    showContent(panel, heatmap(data));
    const suggest = byId("analytics-suggest");
    if (atLeast(context.role, "admin")) {
      showContent(suggest, suggestedSlotsForm(context.workspaceId, accounts, data));
    }
  } catch (error) {
    showError(panel, error, () => void loadHeatmap(context, accounts));
  }
}

/** Fetches the export with the session's token and hands it to the browser as a file. */
async function download(context: AppContext, button: HTMLButtonElement): Promise<void> {
  const params = {
    ...query(),
    kind: button.dataset.export ?? "posts",
    format: button.dataset.format ?? "csv",
  } as Query<"exportAnalytics">;
  button.disabled = true;
  try {
    const { data, headers } = await ok(
      client.GET("/workspaces/{workspaceId}/analytics/export", {
        params: { path: { workspaceId: context.workspaceId }, query: params },
        // The file is handed to the browser as it came: CSV or JSON text, not parsed.
        parseAs: "text",
      }),
    );
    const name =
      /filename="([^"]+)"/.exec(headers.get("content-disposition") ?? "")?.[1] ??
      `cadence-${params.kind}.${params.format}`;
    const type = params.format === "csv" ? "text/csv" : "application/json";
    const link = h("a", { download: name });
    // Set directly: `h` lets only http(s) into href, and this blob is the page's own.
    link.href = URL.createObjectURL(new Blob([data], { type }));
    document.body.append(link);
    link.click();
    link.remove();
  } catch (error) {
    notify(messageOf(error));
  } finally {
    button.disabled = false;
  }
}
