"""Give every page a Content Security Policy that allows only this site.

The site promises that it loads nothing from another host and runs nothing it did not ship; this
policy makes the browser hold it to that. GitHub Pages cannot send headers, so the policy is a
`<meta http-equiv="Content-Security-Policy">`, the first thing in each page's `<head>` after the
charset (a meta policy covers only what comes after it).

Inline scripts are allowed by their SHA-256 hashes, never by 'unsafe-inline'. The hashes are
those of every page together, one policy for the whole site: with instant navigation the browser
keeps the policy of the first page it loaded while Material swaps in the next page and runs its
inline scripts. A script whose text changes (a new Material release) gets a new hash at the next
build. An inline event handler (`onclick="..."`) or a `javascript:` link would be refused in
the browser; the build warns about it, naming the page, so that it fails with `strict: true`.

Under `mkdocs serve` pages get no policy: the live-reload script that MkDocs injects into every
page it serves is inline and changes with every rebuild, so no hash could allow it.
"""

from __future__ import annotations

import base64
import hashlib
import re
from pathlib import Path

from html_edit import elements, replace  # docs/hooks/, on the path of hooks
from mkdocs.plugins import event_priority, get_plugin_logger

log = get_plugin_logger(__name__)

# Script types the browser executes; any other type (`application/json`, Material's __config)
# is data and needs no permission.
EXECUTABLE = {None, "", "text/javascript", "application/javascript", "module"}

# Each source beyond 'self' is here because something on the pages needs it.
POLICY = {
    "default-src": ["'self'"],
    # + the hashes of the pages' inline scripts (Material's palette, scope and anchor scripts).
    "script-src": ["'self'"],
    # Stylesheets only from the site: the build leaves no <style> element in a page (notebook
    # CSS is moved into notebook.css); the hashes of any that appear are added here.
    "style-src": ["'self'"],
    # `style="..."` attributes in the pages: pandas' tables (`text-align: right`) and the lab
    # pages' code sizes (`contain-intrinsic-height`), 58 different ones today. Allowing them by
    # hash needs 'unsafe-hashes', which older browsers do not know (they would drop the layout).
    # An attribute cannot run a script, and CSS can load nothing from another host here.
    "style-src-attr": ["'unsafe-inline'"],
    # Material draws its admonition, task-list and navigation icons as `data:` SVG images
    # from its stylesheet (CSS masks), which count as images.
    "img-src": ["'self'", "data:"],
    "font-src": ["'self'"],
    # Search loads its index, the in-page Python its runtime: both from this site.
    "connect-src": ["'self'"],
    # Material's search and the in-page Python run in workers loaded from this site. A worker
    # loaded from a URL is governed by the policy its own response carries, not by this one:
    # Pyodide compiles WebAssembly there, so the page itself needs no 'wasm-unsafe-eval'.
    "worker-src": ["'self'"],
    "object-src": ["'none'"],
    "base-uri": ["'self'"],
    "form-action": ["'self'"],
}


def script_hash(text: str) -> str:
    digest = hashlib.sha256(text.encode("utf-8")).digest()
    return f"'sha256-{base64.b64encode(digest).decode('ascii')}'"


def inline_scripts(html: str) -> list[str]:
    """The text of each script element that the browser runs from the page itself."""
    return [
        s.text(html)
        for s in elements(html, "script")
        if "src" not in s.attrs and (s.attrs.get("type") or "").lower() in EXECUTABLE
    ]


def inline_styles(html: str) -> list[str]:
    return [s.text(html) for s in elements(html, "style")]


def refused_markup(html: str) -> list[str]:
    """Start tags that the policy makes the browser refuse: event handlers, `javascript:` links."""
    return [
        e.start_tag(html)[:120]  # pragma: no mutate (a length for the message, not a rule)
        for e in elements(html)
        if any(name.startswith("on") for name in e.attrs)
        or any(
            re.match(r"\s*javascript:", value or "", re.I)
            for name, value in e.attrs.items()
            if name in {"href", "src", "action", "formaction"}
        )
    ]


def policy(script_hashes: set[str], style_hashes: set[str]) -> str:
    sources = {**POLICY}
    sources["script-src"] = [*POLICY["script-src"], *sorted(script_hashes)]
    sources["style-src"] = [*POLICY["style-src"], *sorted(style_hashes)]
    return "; ".join(f"{name} {' '.join(values)}" for name, values in sources.items())


def with_policy(html: str, content: str) -> str:
    """The page with the policy's meta element right after its charset (or its `<head>`)."""
    meta = f'<meta http-equiv="Content-Security-Policy" content="{content}">'
    anchors = [e for e in elements(html, "meta") if "charset" in e.attrs] or elements(html, "head")
    if not anchors:
        return html
    at = anchors[0].inner  # pragma: no mutate (a page has one charset and one head)
    return replace(html, [(at, at, meta)])


_serving = False


def on_startup(command, dirty):
    global _serving
    _serving = command == "serve"  # pragma: no mutate (>=, is: the same for MkDocs' commands)


# After every hook that writes or relinks pages (theme_css.py, -100): the hashes are those of
# the pages as they are served.
@event_priority(-110)
def on_post_build(config) -> None:
    if _serving:
        return
    site = Path(config.site_dir)
    pages = {path: path.read_text(encoding="utf-8") for path in sorted(site.rglob("*.html"))}
    scripts, styles = set(), set()
    for path, html in pages.items():
        scripts |= {script_hash(text) for text in inline_scripts(html)}
        styles |= {script_hash(text) for text in inline_styles(html)}
        for tag in refused_markup(html):
            log.warning(
                f"{path.relative_to(site)}: the content policy makes the browser refuse "
                f"{tag}: move the code into a script file under docs/assets/javascripts"
            )
    content = policy(scripts, styles)
    for path, html in pages.items():
        written = with_policy(html, content)
        if written == html:  # pragma: no mutate (`is`: with_policy returns the page itself)
            log.warning(f"{path.relative_to(site)}: no <head> to put the content policy in")
            continue
        path.write_text(written, encoding="utf-8")
    log.info(f"content policy on {len(pages)} pages; {len(scripts)} inline scripts allowed")
