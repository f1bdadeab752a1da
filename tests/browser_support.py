"""Serve a built site on 127.0.0.1 and drive Debian's Chromium with Playwright.

Playwright never downloads a browser here: it launches /usr/bin/chromium (installed by
.ci/run with apt-get when missing). axe-core comes with the axe-playwright-python package.
"""

from __future__ import annotations

import functools
import http.server
import os
import socket
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from urllib.parse import urlsplit

import axe_playwright_python

# Another Chromium build (e.g. a CI image's Chrome) can be named with CHROMIUM=/path/to/binary.
CHROMIUM = Path(os.environ.get("CHROMIUM", "/usr/bin/chromium"))
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
AXE_JS = Path(axe_playwright_python.__file__).with_name("axe.min.js")


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    prefix = "/"  # the URL path the site is published under, as site_url's path

    def log_message(self, format, *args):  # noqa: A002 - the base class's name
        pass

    def translate_path(self, path):
        if not path.startswith(self.prefix):
            return str(Path(self.directory) / "no such page")  # a 404
        return super().translate_path("/" + path.removeprefix(self.prefix))


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@contextmanager
def serve(site: Path, port: int = 0, prefix: str = "/") -> Iterator[str]:
    """The site at http://127.0.0.1:<port, or a free one><prefix> for the duration of the block."""
    handler = functools.partial(
        type("Handler", (_QuietHandler,), {"prefix": prefix}), directory=str(site)
    )
    server = http.server.ThreadingHTTPServer(("127.0.0.1", port), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_port}{prefix}"
    finally:
        server.shutdown()
        server.server_close()


def is_local(url: str) -> bool:
    parts = urlsplit(url)
    return parts.scheme in {"data", "blob", "about"} or parts.hostname == "127.0.0.1"


def watch_policy(context) -> list[str]:
    """The content-policy violations of every page of `context`, as the browser reports them.

    Each page's `securitypolicyviolation` events are passed to Python as they happen, so a
    violation is kept even when the page navigates away or closes right after it.
    """
    violations = []
    context.expose_binding("__coursePolicyViolation", lambda _source, text: violations.append(text))
    context.add_init_script(
        """document.addEventListener("securitypolicyviolation", (e) =>
             __coursePolicyViolation(`${location.pathname}: ${e.effectiveDirective} refused `
               + `${e.blockedURI || "?"} (${e.sourceFile || "page"}:${e.lineNumber})`));"""
    )
    return violations


# Colour contrast belongs to a style, not to each element drawn in it. Highlighted code is
# thousands of token spans in a handful of styles (lab 1.3.4's page: 4,630 spans, 7 styles),
# and axe's color-contrast rule takes about 2 ms an element here (lab 1.3.4's check took 6.4 s,
# 2.6 s so). So that rule sees one span of each style, where the style is everything the
# rule reads (colour, size, weight, opacity, shadow, visibility, own background, the background
# it is drawn on), choosing a shown span whose text axe does judge (a letter or a digit); every
# other rule, and every element that is not a code token, is checked as before.
AXE_RUN = """async () => {
  // Judge the page at rest: let transitions under way end (the palette toggle's tooltip,
  // caught as it appeared, was once reported as text of too little contrast; at rest it passes).
  const ending = document.getAnimations()
    .filter((animation) => animation.effect?.getComputedTiming().endTime !== Infinity);
  await Promise.all(ending.map((animation) => animation.finished.catch(() => null)));
  const clear = (colour) => /^(transparent|rgba\\(.*, 0\\))$/.test(colour);
  const ownText = (element) => [...element.childNodes]
    .filter((node) => node.nodeType === Node.TEXT_NODE).map((node) => node.data).join("");
  const styles = new Set();
  for (const span of document.querySelectorAll("pre span")) {
    // Only a span the reader sees can stand for its style: axe passes over a hidden one.
    if (!/[A-Za-z0-9]/.test(ownText(span)) || !span.getClientRects().length) continue;
    const style = getComputedStyle(span);
    let box = span.parentElement, under = "";
    while (box && clear((under = getComputedStyle(box).backgroundColor))) box = box.parentElement;
    const key = [style.color, style.fontSize, style.fontWeight, style.opacity, style.textShadow,
                 style.visibility, style.backgroundColor, style.backgroundImage, under].join("|");
    if (styles.has(key)) span.setAttribute("data-axe-same-style", "");
    else styles.add(key);
  }
  axe.configure({rules: [{id: "color-contrast", selector: "*:not([data-axe-same-style])"}]});
  // An editor whose text is the highlighted code under a see-through textarea (the lesson's
  // runnable blocks): axe cannot see past the textarea, and leaves those tokens "incomplete".
  // What the reader sees is the code, so its colours are judged again with those textareas
  // hidden, by colour contrast alone (every other rule has judged the textareas as they are).
  const seeThrough = [...document.querySelectorAll("textarea")].filter((area) => {
    const style = getComputedStyle(area);
    return clear(style.color) && clear(style.backgroundColor);
  });
  try {
    const found = (await axe.run(document, {resultTypes: ["violations"]})).violations;
    if (seeThrough.length) {
      seeThrough.forEach((area) => area.style.setProperty("visibility", "hidden"));
      const code = {runOnly: ["color-contrast"], resultTypes: ["violations"]};
      found.push(...(await axe.run(document, code)).violations);
    }
    return found;
  } finally {
    seeThrough.forEach((area) => area.style.removeProperty("visibility"));
    document.querySelectorAll("[data-axe-same-style]")
      .forEach((span) => span.removeAttribute("data-axe-same-style"));
    axe.reset();
  }
}"""


def axe_violations(page, impacts=("serious", "critical")) -> dict[str, list[str]]:
    """axe-core's violations of the given impacts on the loaded page: rule id -> targets."""
    # Evaluated by the browser's DevTools protocol, which the page's content policy does not
    # govern; a <script> added to the page would be refused, as it should be.
    page.evaluate(AXE_JS.read_text(encoding="utf-8") + "\n;0")
    found: dict[str, list[str]] = {}
    for v in page.evaluate(AXE_RUN):
        if v["impact"] in impacts:
            targets = found.setdefault(f"{v['id']} ({v['impact']}): {v['help']}", [])
            targets += [" ".join(n["target"]) for n in v["nodes"]][: 5 - len(targets)]
    return found


def switch_palette(page) -> str:
    """Click Material's palette toggle, move the pointer off it (its tooltip stays out of what a
    test looks at), and return the colour scheme the page then shows."""
    page.locator("form[data-md-component=palette] label:visible").first.click()
    page.mouse.move(0, 0)
    return palette(page)


def palette(page) -> str:
    """The colour scheme the page shows: "default" (light) or "slate" (dark)."""
    return page.evaluate("document.body.getAttribute('data-md-color-scheme')")


def open_page(page, path: str) -> None:
    """Load `path` of the served site in `page` (the conftest fixture) and require HTTP 200."""
    response = page.goto(page.base + path, wait_until="load")
    assert response is not None and response.ok, f"/{path}: HTTP {response and response.status}"


def await_instant_navigation(page) -> None:
    """Wait until Material's instant navigation can take over the page's links.

    It intercepts only the links that the site's sitemap.xml lists, which its scripts fetch
    as the page loads; a click right after `load` was once an ordinary, full page load (the
    content-policy tour, two test processes on two cores): wait until the network is idle.
    Marks the document, so that `same_document` can tell a full load afterwards.
    """
    page.wait_for_load_state("networkidle")
    page.evaluate("window.__courseDocument = true")


def same_document(page) -> bool:
    """Whether the page is still the document `await_instant_navigation` marked."""
    return page.evaluate("window.__courseDocument === true")
