// Dossier's search page: Pagefind's index (built beside the site in pagefind/),
// queried as the reader types, filtered by the kind of page. The kind is page
// metadata rather than a Pagefind filter: Pagefind writes filters in a random
// order, and Dossier's output is byte-for-byte reproducible.
const root = new URL("../", import.meta.url);
const section = document.getElementById("search");
const input = document.getElementById("search-input");
const status = document.getElementById("search-status");
const list = document.getElementById("search-results");
const kinds = Object.fromEntries(
  [...section.querySelectorAll('input[name="kind"]')].map((radio) =>
    [radio.value, { label: radio.parentElement.textContent.trim(), folder: radio.dataset.folder ?? "" }]));

let pagefind = null;
try {
  pagefind = await import(new URL("pagefind/pagefind.js", root).href);
  await pagefind.options({ baseUrl: root.pathname });
  await pagefind.init();
  // A large site's index comes in parts (docs/search.md), merged into the first.
  const parts = await fetch(new URL("pagefind/dossier-parts.json", root), { cache: "no-cache" })
    .then((response) => (response.ok ? response.json() : { parts: [] }))
    .catch(() => ({ parts: [] }));
  for (const part of parts.parts ?? []) {
    await pagefind.mergeIndex(new URL(`pagefind/${part}`, root).href, { baseUrl: root.pathname });
  }
  // Pagefind's worker loads its metadata and WebAssembly on the first search: load them
  // with the page, so that the reader's first query waits only for its own words.
  await pagefind.preload("");
} catch (error) {
  pagefind = null;
  status.textContent = section.dataset.unavailable;
}

function selectedKind() {
  return section.querySelector('input[name="kind"]:checked')?.value ?? "";
}

// Chinese is indexed one character at a time (docs/search.md): the query is
// split the same way, and a result is kept only if its text holds the query.
// The CJK ideographs Dossier's index copies make words of (CJK.isIdeograph in Swift).
const IDEOGRAPH = "[\u3400-\u9fff\uf900-\ufaff]";
const CJK = new RegExp(`(${IDEOGRAPH})`, "g");
const ZWSP = /\u200b/g;
const pagefindQuery = (query) => query.replace(CJK, " $1 ").replace(/\s+/g, " ").trim();
const holds = (content, query) => {
  const text = content.replace(ZWSP, "").toLowerCase();
  return query.toLowerCase().split(/\s+/).filter(Boolean).every((part) => text.includes(part));
};

// Pagefind gives each result the positions of the words it matched, before any of the
// page's own data is fetched. Every CJK character is a word, so a page that holds a run
// of CJK characters of the query has each of them at consecutive positions, in order.
// Searching each character alone gives its own positions: a page where no run of the
// query's characters lines up cannot hold the query, and its data is never fetched.
// This keeps a query such as 击出 from fetching every page that says 出击 or has both
// characters somewhere.
const runsOf = (query) => (query.match(new RegExp(`${IDEOGRAPH}{2,}`, "g")) ?? []).map((run) => [...run]);

async function candidates(query) {
  const runs = runsOf(query);
  const characters = [...new Set(runs.flat())];
  const [search, ...alone] = await Promise.all(
    [pagefind.search(pagefindQuery(query)), ...characters.map((character) => pagefind.search(character))]);
  if (!runs.length) return search.results;
  // For each character, each page's positions of it.
  const positions = new Map(characters.map((character, index) =>
    [character, new Map(alone[index].results.map((result) => [result.id, new Set(result.words)]))]));
  const lines = (id, run) => {
    const at = run.map((character) => positions.get(character).get(id));
    if (at.some((set) => !set)) return false;
    for (const start of at[0]) {
      if (at.every((set, offset) => set.has(start + offset))) return true;
    }
    return false;
  };
  return search.results.filter((result) => runs.every((run) => lines(result.id, run)));
}

// Ten results first (each needs its page's data, about 6 KiB), twenty more on each "more results".
const firstPage = 10;
const nextPage = 20;
let generation = 0;
let current = null;

async function run() {
  const query = input.value.trim();
  const kind = selectedKind();
  const url = new URL(location.href);
  query ? url.searchParams.set("q", query) : url.searchParams.delete("q");
  kind ? url.searchParams.set("kind", kind) : url.searchParams.delete("kind");
  history.replaceState(null, "", url);
  if (!pagefind) return;
  const mine = ++generation;
  if (!query) {
    current = null;
    list.replaceChildren();
    status.textContent = "";
    return;
  }
  const results = await candidates(query);
  if (mine !== generation) return;
  current = { query, kind, results, checked: 0, shown: [], generation: mine };
  list.replaceChildren();
  await more();
}

async function more() {
  const state = current;
  if (!state) return;
  const target = state.shown.length + (state.shown.length ? nextPage : firstPage);
  const found = [];
  while (state.shown.length + found.length < target && state.checked < state.results.length) {
    // As many pages as are still wanted: nearly every page left holds the query.
    const wanted = target - state.shown.length - found.length;
    const batch = state.results.slice(state.checked, state.checked + wanted);
    state.checked += batch.length;
    const data = await Promise.all(batch.map((result) => result.data()));
    if (state.generation !== generation) return;
    found.push(...data.filter((page) => holds(page.content, state.query) && (!state.kind || page.meta?.kind === state.kind)));
  }
  state.shown.push(...found);
  list.append(...found.map((page) => render(page, state.query)));
  const complete = state.checked >= state.results.length;
  // The sentences come whole from the theme's strings, in the site's language and punctuation.
  const count = `${state.shown.length}${complete ? "" : "+"}`;
  const sentence = !state.shown.length ? section.dataset.noResults
    : count === "1" ? section.dataset.resultOne : section.dataset.results;
  status.textContent = state.shown.length || complete
    ? sentence.replace("{count}", count).replace("{query}", state.query) : "";
  moreButton.hidden = complete;
  if (!complete && state.shown.length === 0) await more();
}

// The text around the first place the page holds the query, every occurrence
// marked: built from the page's own text, as DOM nodes (never as HTML).
function snippet(text, query, width = 60) {
  const parts = query.toLowerCase().split(/\s+/).filter(Boolean);
  const lower = text.toLowerCase();
  const first = Math.max(0, Math.min(...parts.map((part) => lower.indexOf(part)).filter((i) => i >= 0)));
  const start = Math.max(0, first - width / 2);
  const end = Math.min(text.length, start + width * 2);
  const piece = (start > 0 ? "…" : "") + text.slice(start, end).replace(/\s+/g, " ") + (end < text.length ? "…" : "");
  const pattern = new RegExp(parts.map((part) => part.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")).join("|"), "gi");
  const nodes = [];
  let last = 0;
  for (const match of piece.matchAll(pattern)) {
    if (match.index > last) nodes.push(document.createTextNode(piece.slice(last, match.index)));
    const mark = document.createElement("mark");
    mark.textContent = match[0];
    nodes.push(mark);
    last = match.index + match[0].length;
  }
  if (last < piece.length) nodes.push(document.createTextNode(piece.slice(last)));
  return nodes;
}

function render(data, query) {
  const item = document.createElement("li");
  const pageKind = data.meta?.kind ?? "";
  const kind = kinds[pageKind] ?? { label: pageKind, folder: pageKind };
  item.className = `search-result kind-${kind.folder}`;
  const badge = document.createElement("span");
  badge.className = "search-kind";
  badge.textContent = kind.label;
  const link = document.createElement("a");
  link.href = data.url;
  link.textContent = (data.meta?.title ?? data.url).replace(ZWSP, "");
  const heading = document.createElement("h2");
  heading.append(badge, " ", link);
  const excerpt = document.createElement("p");
  excerpt.append(...snippet(data.content.replace(ZWSP, ""), query));
  item.append(heading, excerpt);
  return item;
}

const moreButton = document.createElement("button");
moreButton.type = "button";
moreButton.className = "search-more";
moreButton.textContent = section.dataset.more;
moreButton.hidden = true;
moreButton.addEventListener("click", () => more());
list.after(moreButton);

let timer = 0;
input.addEventListener("input", () => {
  clearTimeout(timer);
  // The index chunks the query needs are fetched while the reader is still typing.
  if (pagefind && input.value.trim()) pagefind.preload(pagefindQuery(input.value.trim()));
  timer = setTimeout(run, 120);
});
// Only the kind radios: the text field's own "change" (fired when it loses focus, as when
// "more results" is pressed) must not start the search over.
section.addEventListener("change", (event) => {
  if (event.target.name === "kind") run();
});
section.querySelector("form").addEventListener("submit", (event) => {
  event.preventDefault();
  run();
});

const params = new URLSearchParams(location.search);
input.value = params.get("q") ?? "";
const wanted = params.get("kind");
if (wanted) {
  const radio = section.querySelector(`input[name="kind"][value="${CSS.escape(wanted)}"]`);
  if (radio) radio.checked = true;
}
if (input.value) run();
input.focus();
// Marks the page as ready for queries (the browser tests and the latency benchmark wait for it).
section.dataset.ready = pagefind ? "yes" : "no";
