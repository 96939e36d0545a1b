#!/usr/bin/env python3
"""Does any page of a built site scroll sideways on a phone?

  page-widths.py --site Public --base-url https://example.org/ip/ [--widths 360,375,390]
                 [--schemes light,dark] [--search TERM,...] [--json OUT]
                 [--screenshots DIR --shot-widths 1280,375]

Every HTML page of the site (or those given with --pages, paths relative to the
site) is opened in Debian's chromium (through Playwright, never `playwright
install`) at each width, as a phone would (mobile viewport, touch), in each
colour scheme (prefers-color-scheme). Requests to --base-url are answered from
the site's folder, so the 404 page, whose links are absolute, gets its
stylesheet too; nothing goes to the network. With --search, the search page
is also measured showing its results for each term (the site must have been
built with its search index).

A page fails when the document is wider than the window
(document.documentElement.scrollWidth > width), or when a link of the
navigation lies outside the window (a strip that scrolls on its own hides it).
One line per failure on stdout; exit status 1 if any, 2 on bad input.

With --screenshots, a full-page PNG (with --element, a PNG of the first element
that CSS selector matches) of each page at each --shot-widths width
and scheme is written there too, for a person to look at.
"""
import argparse
import json
import mimetypes
import os
import re
import sys
import urllib.parse

MEASURE = """
(width) => {
  // The phone's width, not window.innerWidth: a phone zooms out to show a page wider than itself.
  const nav = [...document.querySelectorAll('.nav a')]
    .map((a) => ({ text: a.textContent.trim(), right: a.getBoundingClientRect().right, left: a.getBoundingClientRect().left }))
    .filter((a) => a.left < 0 || a.right > width + 0.5)
    .map((a) => a.text);
  const root = document.documentElement;
  let widest = null;
  if (root.scrollWidth > width) {
    // The deepest element that reaches past the window, to say what to fix.
    for (const element of document.body.querySelectorAll('*')) {
      const box = element.getBoundingClientRect();
      if (box.right > width + 0.5 && box.width > 0) widest = element;
    }
  }
  const name = (e) => e && (e.tagName.toLowerCase() + (e.className && typeof e.className === 'string' ? '.' + e.className.trim().split(/\\s+/).join('.') : ''));
  const status = document.getElementById('search-status');
  return { scrollWidth: root.scrollWidth, width, navOutside: nav, widest: name(widest),
           searchStatus: status ? status.textContent.trim() : null,
           stylesheet: getComputedStyle(document.body).display === 'flex' };
}
"""


def html_pages(site):
    pages = []
    for root, dirs, files in os.walk(site):
        dirs[:] = sorted(d for d in dirs if d != "pagefind")
        for name in sorted(files):
            if name.endswith(".html") and not is_redirect(os.path.join(root, name)):
                pages.append(os.path.relpath(os.path.join(root, name), site).replace(os.sep, "/"))
    return pages


def is_redirect(path):
    """A page redirect_from writes, which sends the browser on before it can be measured."""
    with open(path, encoding="utf-8", errors="replace") as file:
        return 'http-equiv="refresh"' in file.read(2048)


def page_url(base, path):
    path, _, query = path.partition("?")
    if query:
        return page_url(base, path) + "?" + query
    if path == "index.html":
        return base
    if path.endswith("/index.html"):
        return base + path[: -len("index.html")]
    return base + path


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--site", required=True)
    parser.add_argument("--base-url", required=True, help="the site's base_url, answered from --site")
    parser.add_argument("--widths", default="360,375,390")
    parser.add_argument("--schemes", default="light,dark")
    parser.add_argument("--pages", help="comma-separated paths relative to the site (default: every HTML page)")
    parser.add_argument("--search", help="comma-separated terms: the search page with their results, too")
    parser.add_argument("--json", help="write every measurement here")
    parser.add_argument("--screenshots", help="a folder for full-page screenshots")
    parser.add_argument("--element", help="screenshot only the first element matching this CSS selector")
    parser.add_argument("--shot-widths", default="1280,375")
    parser.add_argument("--chromium", default="/usr/bin/chromium")
    args = parser.parse_args()

    site = os.path.abspath(args.site)
    base = args.base_url if args.base_url.endswith("/") else args.base_url + "/"
    pages = [p.strip() for p in args.pages.split(",")] if args.pages else html_pages(site)
    if not pages or not all(os.path.isfile(os.path.join(site, p.partition("?")[0])) for p in pages) \
            or (args.search and not os.path.isfile(os.path.join(site, "pagefind", "pagefind.js"))):
        print("page-widths: no such pages in %s" % site, file=sys.stderr)
        return 2
    widths = [int(w) for w in args.widths.split(",") if w]
    schemes = [s for s in args.schemes.split(",") if s]
    shot_widths = [int(w) for w in args.shot_widths.split(",") if w] if args.screenshots else []
    searches = [t.strip() for t in (args.search or "").split(",") if t.strip()]
    pages += ["search/index.html?q=" + urllib.parse.quote(term) for term in searches]

    def answer(route):
        path = urllib.parse.unquote(urllib.parse.urlparse(route.request.url).path)
        prefix = urllib.parse.urlparse(base).path
        local = os.path.normpath(os.path.join(site, path[len(prefix):]))
        if os.path.isdir(local):
            local = os.path.join(local, "index.html")
        if not local.startswith(site) or not os.path.isfile(local):
            route.fulfill(status=404, body="")
            return
        kind = mimetypes.guess_type(local)[0] or "application/octet-stream"
        if local.endswith(".js"):
            kind = "text/javascript"
        with open(local, "rb") as fh:
            route.fulfill(status=200, body=fh.read(), headers={"content-type": kind})

    from playwright.sync_api import sync_playwright

    results, failures = [], []
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=args.chromium, args=["--no-sandbox"])
        for scheme in schemes:
            for width in sorted(set(widths + shot_widths)):
                phone = width < 800
                context = browser.new_context(
                    viewport={"width": width, "height": 800}, is_mobile=phone, has_touch=phone,
                    device_scale_factor=2 if phone else 1, color_scheme=scheme)
                # Only the site itself: anything else (none expected) is refused, never fetched.
                context.route("**/*", lambda route: answer(route) if route.request.url.startswith(base)
                              else route.abort())
                page = context.new_page()
                for path in pages:
                    page.goto(page_url(base, path), wait_until="load")
                    if "?q=" in path:
                        page.wait_for_function(
                            "() => document.getElementById('search-status').textContent.trim() !== ''", timeout=30000)
                    if width in widths:
                        measured = page.evaluate(MEASURE, width)
                        row = {"page": path, "width": width, "scheme": scheme, **measured}
                        results.append(row)
                        if not measured["stylesheet"]:
                            failures.append("%s at %d px, %s: the stylesheet did not load" % (path, width, scheme))
                        if measured["scrollWidth"] > width:
                            failures.append("%s at %d px, %s: the page is %d px wide (%s reaches past the window)"
                                            % (path, width, scheme, measured["scrollWidth"], measured["widest"]))
                        if measured["navOutside"]:
                            failures.append("%s at %d px, %s: navigation links outside the window: %s"
                                            % (path, width, scheme, ", ".join(measured["navOutside"])))
                    if width in shot_widths:
                        name = re.sub(r"[^A-Za-z0-9_-]+", "_", path.replace(".html", ""))
                        shot = os.path.join(args.screenshots, "%s-%d-%s.png" % (name, width, scheme))
                        if args.element:
                            page.locator(args.element).first.screenshot(path=shot)
                        else:
                            page.screenshot(path=shot, full_page=True)
                context.close()
        browser.close()
    if args.json:
        with open(args.json, "w", encoding="utf-8") as fh:
            json.dump(results, fh, ensure_ascii=False, indent=1)
    for line in failures:
        print(line)
    print("page-widths: %d pages, %d measurements, %d failures" % (len(pages), len(results), len(failures)),
          file=sys.stderr)
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
