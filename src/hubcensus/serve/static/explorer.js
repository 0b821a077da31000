// The explorer page: fetch each metric for the current filters, draw its chart, keep the URL in step.
// Every value from the store is written with textContent (never innerHTML): Hub strings stay text.

const config = JSON.parse(document.getElementById("hc-config").textContent);
const form = document.getElementById("filters");
const scope = document.getElementById("scope");
const cards = [...document.querySelectorAll(".card[data-metric]")];
const PARALLEL = 2; // metric requests in flight at once: the server computes them on a small machine
const TABLE_ROWS = 50;

let generation = 0;
let controller = null;

function el(tag, text, cls) {
  const e = document.createElement(tag);
  if (text !== undefined && text !== null) e.textContent = String(text);
  if (cls) e.className = cls;
  return e;
}

function formParams() {
  const p = new URLSearchParams();
  for (const input of form.querySelectorAll("[data-filter]")) {
    const v = input.value.trim();
    if (v) p.set(input.name, v);
  }
  return p;
}

function setForm(params) {
  for (const input of form.querySelectorAll("[data-filter]")) {
    const v = params.get(input.name) || "";
    if (input.tagName === "SELECT" && v && ![...input.options].some((o) => o.value === v)) {
      input.append(new Option(v, v)); // a value shared in a link but not among the top facets
    }
    input.value = v;
  }
}

function fmt(key, v) {
  if (v === null || v === undefined) return "–";
  if (typeof v === "number") {
    if (key === "gini") return v.toFixed(3); // a coefficient (0 to 1), not a percentage
    const shareLike = /share|_ratio|fraction/.test(key) && Math.abs(v) <= 1;
    if (shareLike) return (v * 100).toFixed(1) + "%";
    if (Number.isInteger(v)) return v.toLocaleString("en-US");
    return v.toLocaleString("en-US", { maximumFractionDigits: 3 });
  }
  if (Array.isArray(v)) return v.map((x) => fmt("", x)).join(", ");
  if (typeof v === "object") return JSON.stringify(v);
  return String(v);
}

const HEADLINE_SHOWN = 6; // the first values a metric documents; the rest behind "more"

function renderHeadline(card, doc, labels = {}) {
  const dl = card.querySelector(".headline");
  dl.replaceChildren();
  const known = Object.entries(doc.headline).filter(([, v]) => v !== null && v !== undefined);
  known.forEach(([k, v], i) => {
    const item = el("div", null, i < HEADLINE_SHOWN ? "kv" : "kv extra");
    item.append(el("dt", labels[k] || k.replaceAll("_", " ")), el("dd", fmt(k, v)));
    dl.append(item);
  });
  if (known.length > HEADLINE_SHOWN) {
    const more = el("button", `+${known.length - HEADLINE_SHOWN} more`, "more-headline");
    more.type = "button";
    more.addEventListener("click", () => {
      const open = dl.classList.toggle("open");
      more.textContent = open ? "fewer" : `+${known.length - HEADLINE_SHOWN} more`;
    });
    dl.append(more);
  }
}

function renderTable(card, rows) {
  const box = card.querySelector(".table");
  box.replaceChildren();
  if (!rows.length) {
    box.append(el("p", "No rows for these filters.", "muted"));
    return;
  }
  const cols = Object.keys(rows[0]);
  const table = el("table", null, "list data");
  const head = el("tr");
  for (const c of cols) head.append(el("th", c));
  table.append(el("thead"));
  table.tHead.append(head);
  const body = el("tbody");
  for (const r of rows.slice(0, TABLE_ROWS)) {
    const tr = el("tr");
    for (const c of cols) tr.append(el("td", fmt(c, r[c]), typeof r[c] === "number" ? "n" : ""));
    body.append(tr);
  }
  table.append(body);
  box.append(table);
  if (rows.length > TABLE_ROWS) box.append(el("p", `first ${TABLE_ROWS} of ${rows.length} rows (all of them in the JSON)`, "muted small"));
}

async function renderChart(card, spec) {
  const box = card.querySelector(".chart");
  box.replaceChildren();
  if (!spec) {
    box.append(el("div", "No chart for this figure: see its numbers below.", "status"));
    return;
  }
  const target = el("div", null, "vega");
  box.append(target);
  // ast: Vega evaluates expressions with its interpreter, so the page needs no eval (see the CSP).
  const result = await window.vegaEmbed(target, spec, { renderer: "svg", actions: false, ast: true });
  card._view?.finalize();
  card._view = result.view;
}

function clearFigures(card) {
  card.querySelector(".headline").replaceChildren();
  card.querySelector(".notes").textContent = "";
  card.querySelector(".table").replaceChildren(el("p", "No figures: the filters gave an error (above).", "muted"));
  card.querySelector(".asof").textContent = "";
  delete card.dataset.rows;
  delete card.dataset.asOf;
}

function setState(card, state, text) {
  card.dataset.state = state;
  if (text !== undefined) {
    const box = card.querySelector(".chart");
    box.replaceChildren(el("div", text, state === "error" ? "status error" : "status"));
  }
}

async function loadCard(card, params, gen, signal) {
  const name = card.dataset.metric;
  const query = params.toString();
  const url = `/api/metric/${encodeURIComponent(name)}${query ? "?" + query : ""}`;
  card.querySelector("[data-json]").href = url;
  setState(card, "loading", "computing…");
  let answer;
  try {
    const response = await fetch(url, { signal });
    answer = await response.json();
    if (!response.ok) throw new Error(answer.error || response.statusText);
  } catch (err) {
    if (gen !== generation) return;
    setState(card, "error", err.name === "AbortError" ? "cancelled" : err.message);
    clearFigures(card); // numbers of an earlier, unfiltered answer must not stand beside the error
    if (err.name !== "AbortError" && !scope.dataset.error) {
      scope.dataset.error = "1";
      scope.replaceChildren(el("span", err.message, "error"));
    }
    return;
  }
  if (gen !== generation) return;
  const doc = answer.doc;
  renderHeadline(card, doc, answer.labels);
  card.querySelector(".notes").textContent = doc.notes.join(" · ");
  renderTable(card, doc.rows);
  card.querySelector(".sql pre").textContent = doc.queries.join("\n\n");
  const snaps = doc.snapshots.length > 3 ? `${doc.snapshots.length} snapshots, ${doc.snapshots[0]} … ${doc.snapshots.at(-1)}` : `snapshot ${doc.snapshots.join(", ")}`;
  card.querySelector(".asof").textContent = `as of ${doc.as_of} · ${snaps} · ${doc.rows.length} rows`;
  card.dataset.rows = String(doc.rows.length);
  card.dataset.asOf = doc.as_of;
  if (!scope.dataset.kept) showScope(answer);
  try {
    await renderChart(card, answer.chart);
    if (gen === generation) card.dataset.state = "done";
  } catch (err) {
    if (gen === generation) setState(card, "error", `chart failed: ${err.message}`);
  }
}

function showScope(answer) {
  scope.dataset.kept = "1";
  const kept = answer.kept;
  const filters = Object.entries(answer.filters);
  scope.replaceChildren();
  if (!filters.length) {
    scope.append(el("span", "The whole store: every snapshot, every repo."));
    return;
  }
  const kinds = Object.entries(kept).map(([k, n]) => `${n.toLocaleString("en-US")} ${k}${n === 1 ? "" : "s"}`);
  scope.append(el("span", kinds.length ? `Filtered to ${kinds.join(", ")}` : "Date range only: every repo", "kept"));
  for (const [k, v] of filters) scope.append(el("span", `${k}: ${v}`, "chip"));
}

function byDistance(a, b) {
  const top = (c) => Math.abs(c.getBoundingClientRect().top);
  return top(a) - top(b);
}

async function loadAll() {
  const params = formParams();
  generation += 1;
  const gen = generation;
  controller?.abort();
  controller = new AbortController();
  const signal = controller.signal;
  delete scope.dataset.kept;
  delete scope.dataset.error;
  scope.replaceChildren(el("span", "computing…", "muted"));
  for (const c of cards) setState(c, "queued", "waiting…");
  const queue = [...cards].sort(byDistance); // what is on screen first
  const worker = async () => {
    while (queue.length && gen === generation) await loadCard(queue.shift(), params, gen, signal);
  };
  await Promise.all(Array.from({ length: PARALLEL }, worker));
  if (gen === generation) document.body.dataset.loaded = String(gen);
}

form.addEventListener("change", () => {
  const query = formParams().toString();
  history.pushState(null, "", query ? `/?${query}` : "/");
  loadAll();
});
form.addEventListener("submit", (e) => {
  e.preventDefault();
  form.dispatchEvent(new Event("change"));
});
window.addEventListener("popstate", () => {
  setForm(new URLSearchParams(location.search));
  loadAll();
});

setForm(new URLSearchParams(config.filters));
loadAll();
