import { ok, publicClient } from "../lib/api.ts";
import { byId, emptyState, h, showContent, showError, showLoading } from "../lib/dom.ts";

interface OutboxMessage {
  id: string;
  at: string;
  from: string;
  to: string;
  subject: string;
  text: string;
}

const form = byId<HTMLFormElement>("outbox-filter");
const list = byId("outbox-list");
const toInput = form.elements.namedItem("to") as HTMLInputElement;
toInput.value = new URLSearchParams(location.search).get("to") ?? "";

async function load(): Promise<void> {
  const to = toInput.value.trim();
  showLoading(list, "Loading mail…");
  try {
    const { data } = await ok(
      publicClient.GET("/outbox", { params: { query: { limit: 50, ...(to ? { to } : {}) } } }),
    );
    if (data.items.length === 0) {
      showContent(
        list,
        emptyState({
          title: "No mail yet",
          text: to ? `Nothing was sent to ${to}.` : "Mail this stage sends shows up here.",
        }),
      );
      return;
    }
    showContent(
      list,
      data.items.map((mail) =>
        h(
          "article",
          { class: "card" },
          h("h2", null, mail.subject),
          h("p", null, `To ${mail.to} · from ${mail.from} · ${new Date(mail.at).toLocaleString()}`),
          // Text is set as text (h never parses HTML): links in mail stay inert strings.
          h("pre", { style: "white-space: pre-wrap" }, mail.text),
        ),
      ),
    );
  } catch (error) {
    showError(list, error, () => void load());
  }
}

form.addEventListener("submit", (event) => {
  event.preventDefault();
  const url = new URL(location.href);
  if (toInput.value.trim()) url.searchParams.set("to", toInput.value.trim());
  else url.searchParams.delete("to");
  history.replaceState(null, "", url);
  void load();
});

void load();
