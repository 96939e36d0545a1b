#!/usr/bin/env python3
"""Recall of Dossier's site search, measured through the real search page.

  search-recall.py --site Public --terms 知识产权,专利导航 [--json OUT] [--markdown OUT] [--min-recall 1.0]
  search-recall.py --site Public --terms-file terms.txt
  search-recall.py --site Public --terms-file terms.txt --latency

The site must be built with its search index (`dossier build`, Pagefind in
<site>/pagefind/).

Ground truth: every page Pagefind indexes (those with a data-pagefind-body
element) whose indexed text contains the term. The text follows Pagefind's own
parser rules: the data-pagefind-body element, less data-pagefind-ignore and
the elements Pagefind drops; block elements break the text.

Search side: the folder is served over HTTP on 127.0.0.1; Debian's chromium
(through Playwright, never `playwright install`) opens the theme's
search/index.html?q=TERM, as a reader would, waits for its results, presses
"more results" until there are no more, and reads the links.

With --api, the search page is left out: each term goes to Pagefind's own
pagefind.search() as typed, every result counted (Pagefind as it comes, for
comparison with the page's character-split queries and exact filter).

With --latency, each term is typed (key by key) into the search page in a new
browser context, so nothing is cached: the time from the last keystroke to the
first results on screen (the page's own 120 ms pause after typing included), the
bytes fetched by then and the bytes fetched once every "more" is pressed. With
--paste too, each term is entered at once (one input event, as a paste is): a
machine too busy to type within the page's pause would otherwise search for the
first characters alone, and fetch what they find.

Per term: expected, returned, correct, recall = correct/expected and
precision = correct/returned; then the overall recall = sum correct / sum
expected. Markdown on stdout (and --markdown FILE), details as JSON (--json).
Exit status 1 when --min-recall is given and not reached; 2 on bad input.

The ground-truth parser was written while choosing the Pagefind version and
checked against the text Pagefind stored for every page (docs/search.md).
"""
import argparse
import functools
import html.parser
import http.server
import json
import os
import re
import statistics
import sys
import threading
import urllib.parse

# Pagefind's own parser rules (pagefind/src/fossick/parser.rs)
REMOVE_TAGS = {"head", "style", "script", "noscript", "label", "form", "svg", "footer",
               "nav", "iframe", "template"}
INLINE_TAGS = {"a", "abbr", "acronym", "b", "bdo", "big", "button", "cite", "code", "dfn",
               "em", "i", "img", "input", "kbd", "label", "map", "object", "output", "q",
               "samp", "script", "select", "small", "span", "strong", "sub", "sup",
               "textarea", "time", "tt", "var", "mark", "s", "u", "del", "ins", "wbr"}
VOID_TAGS = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta",
             "source", "track", "wbr"}
SEPARATORS = "\u200b\u200c\u200d\ufeff"  # zero-width chars ignored when building the truth


class PageParser(html.parser.HTMLParser):
    """Extract the text Pagefind would index from one HTML page."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.lang = None
        self.stack = []          # (tag, state) ; state: 'body', 'ignored', 'indexing', 'outside'
        self.has_body = False
        self.body_parts = []     # text inside data-pagefind-body
        self.all_parts = []      # text inside <body> (fallback when no page uses data-pagefind-body)
        self.filters = {}
        self.in_html_body = False

    def _state(self):
        return self.stack[-1][1] if self.stack else "outside"

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "html" and a.get("lang"):
            self.lang = a["lang"]
        if tag == "body":
            self.in_html_body = True
        if tag not in INLINE_TAGS:
            self.body_parts.append("\n")
            self.all_parts.append("\n")
        if tag == "br":
            self.body_parts.append(" ")
            self.all_parts.append(" ")
        parent = self._state()
        ign = a.get("data-pagefind-ignore", False)
        if parent in ("excluded",):
            state = "excluded"
        elif "data-pagefind-body" in a:
            state = "body"
            self.has_body = True
        elif ign is not False and (ign or "").lower() == "all":
            state = "excluded"
        elif ign is not False or tag in REMOVE_TAGS:
            state = "ignored"
        elif parent in ("body", "inbody"):
            state = "inbody"
        elif parent == "ignored":
            state = "ignored"
        else:
            state = "outside"
        f = a.get("data-pagefind-filter")
        if f and state != "excluded":
            for item in f.split(","):
                if ":" in item:
                    k, v = item.split(":", 1)
                    self.filters.setdefault(k.strip(), []).append(v.strip())
        if tag in VOID_TAGS:
            return
        self.stack.append((tag, state))

    def handle_startendtag(self, tag, attrs):
        self.handle_starttag(tag, attrs)

    def handle_endtag(self, tag):
        if tag in VOID_TAGS:
            return
        # pop to the matching tag (tolerates unclosed <p>, <li> ...)
        for i in range(len(self.stack) - 1, -1, -1):
            if self.stack[i][0] == tag:
                del self.stack[i:]
                break
        if tag not in INLINE_TAGS:
            self.body_parts.append("\n")
            self.all_parts.append("\n")

    def handle_data(self, data):
        st = self._state()
        if st in ("body", "inbody"):
            self.body_parts.append(data)
        if self.in_html_body and st not in ("ignored", "excluded") and \
                not any(t in REMOVE_TAGS for t, _ in self.stack):
            self.all_parts.append(data)


def normalise(parts):
    text = "".join(parts)
    text = text.translate({ord(c): None for c in SEPARATORS})
    # collapse whitespace inside a block, keep block breaks as "\n"
    lines = (re.sub(r"[ \t\r\f\v\u3000\xa0]+", " ", ln).strip() for ln in text.split("\n"))
    return "\n".join(ln for ln in lines if ln)


def page_url(rel):
    url = "/" + rel.replace(os.sep, "/")
    if url.endswith("/index.html"):
        url = url[: -len("index.html")]
    return url


def load_truth(site, bundle="pagefind"):
    """Return {url: {"text": str, "filters": {...}}} for the pages Pagefind indexes, and the lang."""
    pages = {}
    any_body = False
    langs = {}
    for root, dirs, files in os.walk(site):
        dirs[:] = sorted(d for d in dirs if os.path.join(root, d) != os.path.join(site, bundle))
        for fn in sorted(files):
            if not fn.endswith(".html"):
                continue
            path = os.path.join(root, fn)
            with open(path, encoding="utf-8", errors="replace") as fh:
                p = PageParser()
                p.feed(fh.read())
                p.close()
            rel = os.path.relpath(path, site)
            pages[page_url(rel)] = p
            any_body = any_body or p.has_body
    out = {}
    for url, p in pages.items():
        if any_body and not p.has_body:
            continue
        out[url] = {"text": normalise(p.body_parts if any_body else p.all_parts),
                    "filters": p.filters}
        if p.lang:
            langs[p.lang] = langs.get(p.lang, 0) + 1
    lang = max(langs, key=langs.get) if langs else "en"
    return out, lang



class QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


def serve(site):
    handler = functools.partial(QuietHandler, directory=site)
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server


def search_page(page, base, term, timeout_ms):
    """The result URLs the search page shows for a term, every "more" pressed."""
    page.goto(base + "search/?q=" + urllib.parse.quote(term))
    page.wait_for_function(
        "() => document.getElementById('search-status').textContent.trim() !== ''", timeout=timeout_ms)
    return more_results(page, timeout_ms)


def more_results(page, timeout_ms):
    """Presses "more results" until there are no more; the result URLs."""
    while page.evaluate("() => { const b = document.querySelector('.search-more'); return b && !b.hidden; }"):
        before = page.evaluate("() => document.querySelectorAll('#search-results a').length")
        page.click(".search-more")
        page.wait_for_function(
            "(n) => document.querySelectorAll('#search-results a').length > n || "
            "document.querySelector('.search-more').hidden", arg=before, timeout=timeout_ms)
    hrefs = page.evaluate("() => [...document.querySelectorAll('#search-results a')].map(a => a.href)")
    return [urllib.parse.unquote(urllib.parse.urlparse(h).path) for h in hrefs]


# Installed before the reader types: the time of the last keystroke, and of the
# first change to the results (a result shown, or the status saying there are none).
LATENCY_PROBE = """
() => {
  const probe = window.__latency = { lastInput: 0, firstResults: 0 };
  document.getElementById('search-input').addEventListener('input', () => {
    probe.lastInput = performance.now();
    probe.firstResults = 0;
  }, true);
  const observer = new MutationObserver(() => {
    if (probe.lastInput && !probe.firstResults && (document.querySelector('#search-results li')
        || document.getElementById('search-status').textContent.trim() !== '')) {
      probe.firstResults = performance.now();
    }
  });
  observer.observe(document.getElementById('search'), { childList: true, subtree: true, characterData: true });
}
"""

def typed_query(browser, base, term, timeout_ms, paste=False):
    """A reader's first query: a new browser (empty cache), the search page loaded,
    the term typed. Returns the timing (seconds from the last keystroke to the first
    results; bytes and pages' data fetched by then and in all) and the result URLs,
    every "more" pressed.
    Bytes are counted from the network events, since Pagefind fetches from a worker
    too, out of the page's own resource timings: headers and bodies as received."""
    context = browser.new_context()
    page = context.new_page()
    fetched = [0, 0]  # bytes, and pages' data (Pagefind's fragments)

    def count(request):
        sizes = request.sizes()
        fetched[0] += sizes["responseHeadersSize"] + sizes["responseBodySize"]
        fetched[1] += request.url.endswith(".pf_fragment")

    page.goto(base + "search/")
    page.wait_for_function("() => document.getElementById('search').dataset.ready !== undefined", timeout=timeout_ms)
    page.evaluate(LATENCY_PROBE)
    context.on("requestfinished", count)
    if paste:
        page.locator("#search-input").fill(term)
    else:
        page.locator("#search-input").press_sequentially(term)
    page.wait_for_function("() => window.__latency.firstResults > 0", timeout=timeout_ms)
    first_bytes, first_fragments = fetched
    probe = page.evaluate("() => window.__latency")
    page.wait_for_function(
        "() => document.getElementById('search-status').textContent.trim() !== ''", timeout=timeout_ms)
    urls = more_results(page, timeout_ms)
    context.close()
    return {"seconds": (probe["firstResults"] - probe["lastInput"]) / 1000, "first_bytes": first_bytes,
            "all_bytes": fetched[0], "first_fragments": first_fragments, "all_fragments": fetched[1]}, urls


API_SEARCH = """
async (term) => {
  const pagefind = await import('/pagefind/pagefind.js');
  await pagefind.init();
  const search = await pagefind.search(term);
  const data = await Promise.all(search.results.map((result) => result.data()));
  return data.map((page) => page.url);
}
"""


def search_api(page, base, term):
    """Pagefind's own results for the term as typed."""
    if not page.url.startswith(base):
        page.goto(base + "search/")
    urls = page.evaluate(API_SEARCH, term)
    return [urllib.parse.unquote(urllib.parse.urlparse(u).path) for u in urls]


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--site", required=True)
    parser.add_argument("--terms", help="comma-separated terms")
    parser.add_argument("--terms-file", help="one term a line")
    parser.add_argument("--json")
    parser.add_argument("--markdown")
    parser.add_argument("--min-recall", type=float)
    parser.add_argument("--chromium", default="/usr/bin/chromium")
    parser.add_argument("--timeout", type=float, default=60, help="seconds to wait for one term's results")
    parser.add_argument("--api", action="store_true", help="query Pagefind directly, without the search page")
    parser.add_argument("--latency", action="store_true",
                        help="type each term into the search page in a new browser, timing the first results")
    parser.add_argument("--paste", action="store_true",
                        help="with --latency: enter each term at once rather than key by key")
    args = parser.parse_args()

    terms = []
    if args.terms:
        terms += [t.strip() for t in args.terms.split(",") if t.strip()]
    if args.terms_file:
        with open(args.terms_file, encoding="utf-8") as fh:
            terms += [line.strip() for line in fh if line.strip() and not line.startswith("#")]
    site = os.path.abspath(args.site)
    if not terms or not os.path.exists(os.path.join(site, "pagefind", "pagefind.js")) \
            or not os.path.exists(os.path.join(site, "search", "index.html")):
        print("search-recall: need terms, and a site built with its search index and search page", file=sys.stderr)
        return 2

    truth, _ = load_truth(site)
    from playwright.sync_api import sync_playwright

    server = serve(site)
    base = "http://127.0.0.1:%d/" % server.server_address[1]
    rows = []
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=args.chromium, args=["--no-sandbox"])
        page = browser.new_page()
        for term in terms:
            expected = {url for url, page_truth in truth.items() if term.lower() in page_truth["text"].lower()}
            timing = {}
            if args.latency:
                timing, returned = typed_query(browser, base, term, int(args.timeout * 1000), args.paste)
            elif args.api:
                returned = search_api(page, base, term)
            else:
                returned = search_page(page, base, term, int(args.timeout * 1000))
            correct = expected.intersection(returned)
            rows.append({**timing,
                "term": term, "expected": len(expected), "returned": len(returned), "correct": len(correct),
                "recall": len(correct) / len(expected) if expected else 1.0,
                "precision": len(correct) / len(returned) if returned else (1.0 if not expected else 0.0),
                "missing": sorted(expected - set(returned))[:10], "returned_urls": returned,
            })
        browser.close()
    server.shutdown()

    expected = sum(r["expected"] for r in rows)
    correct = sum(r["correct"] for r in rows)
    overall = correct / expected if expected else 1.0
    timed = args.latency
    lines = ["| term | pages with it | returned | correct | recall | precision |" + (" first results | KiB then | KiB in all |" if timed else ""),
             "| --- | ---: | ---: | ---: | ---: | ---: |" + (" ---: | ---: | ---: |" if timed else "")]
    lines += ["| %s | %d | %d | %d | %.3f | %.3f |" % (r["term"], r["expected"], r["returned"], r["correct"],
                                                    r["recall"], r["precision"])
              + (" %.3f s | %.1f | %.1f |" % (r["seconds"], r["first_bytes"] / 1024, r["all_bytes"] / 1024) if timed else "")
              for r in rows]
    lines.append("| **all %d terms** | %d | | %d | **%.3f** | |" % (len(rows), expected, correct, overall))
    table = "\n".join(lines) + "\n"
    print(table, end="")
    if args.markdown:
        with open(args.markdown, "w", encoding="utf-8") as fh:
            fh.write(table)
    if args.json:
        with open(args.json, "w", encoding="utf-8") as fh:
            report = {"pages": len(truth), "overall_recall": overall, "terms": rows}
            if timed:
                seconds = sorted(r["seconds"] for r in rows)
                first = sorted(r["first_bytes"] for r in rows)
                report.update({"median_seconds": statistics.median(seconds), "worst_seconds": seconds[-1],
                               "median_first_bytes": statistics.median(first), "worst_first_bytes": first[-1]})
            json.dump(report, fh, ensure_ascii=False, indent=1)
    if args.min_recall is not None and overall < args.min_recall:
        print("search-recall: recall %.3f is below %.3f" % (overall, args.min_recall), file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
