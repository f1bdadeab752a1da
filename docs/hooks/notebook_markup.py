"""Slim the markup of rendered notebooks without changing what the reader sees.

Bytes that mkdocs-jupyter writes into every lab page and that carry nothing: Pygments spans
around tokens that no rule colours (names, whitespace, punctuation); the hidden copy of each
cell's code for its copy button (it copies the visible `<pre>`); the SVG icon of each copy button
(notebook_css.py draws it once); the loaders of Mermaid (pages without a diagram), MathJax (its
`src` is empty) and Jupyter widgets (from a CDN; no widget runs on a static page). pandas' empty
header cell above the index names nothing (axe: empty-table-header): an empty `<td>`. Code blocks
scroll sideways, so they take keyboard focus (axe: scrollable-region-focusable), and each `<pre>`
states its height in lines, so notebook_css.py can skip rendering it off screen without moving
what follows. Each rewrite is counted against what the page has (html_edit.check).
"""

from __future__ import annotations

import re
from bisect import bisect_left

from html_edit import check, elements, replace, set_attributes  # docs/hooks/, on the path
from mkdocs.plugins import event_priority, get_plugin_logger

log = get_plugin_logger(__name__)
STYLE = re.compile(r"<style[^>]*>(.*?)</style>", re.S)
TOKEN = re.compile(r'<span class="([\w-]+)">([^<]*)</span>')
# Scripts to drop: the pattern that removes each, and how the parser recognises it (to count).
WIDGET_LOADER = re.compile(
    r"<script>\s*\(function\(\) \{\s*function addWidgetsRenderer.*?</script>", re.S
)
MATHJAX = re.compile(
    r'<script src="">\s*</script>|<script type="text/x-mathjax-config">.*?</script>', re.S
)
MERMAID = re.compile(
    r'<script type="module">\s*document\.addEventListener\("DOMContentLoaded".*?</script>', re.S
)
SCRIPTS = {
    "WIDGET_LOADER": (WIDGET_LOADER, lambda a, text: "type" not in a and "jupyter-widgets" in text),
    "MATHJAX": (MATHJAX, lambda a, text: a.get("src") == "" or "MathJax.Hub" in text),
    "MERMAID": (MERMAID, lambda a, text: a.get("type") == "module" and "mermaid" in text),
}
ICON = '<span aria-hidden="true" class="clipboard-copy-icon"></span>'


@event_priority(-85)
def on_post_page(output: str, page, config) -> str:
    if not page.file.src_uri.endswith(".ipynb"):
        return output
    where = page.file.src_uri
    styled = set(re.findall(r"\.highlight-ipynb \.([\w-]+)", "".join(STYLE.findall(output))))
    if not styled:
        log.warning(f"{where}: the notebook CSS colours no `.highlight-ipynb .<token>` class")
    scripts = [(e.attrs, e.text(output)) for e in elements(output, "script")]
    edits = _code_blocks(output, styled - {"p"}, where)
    edits += [(e.start, e.end, ICON) for e in elements(output, "svg", "clipboard-copy-icon")]
    for th in elements(output, "th"):
        if not th.text(output).strip():  # pandas' empty header cell above the index
            edits.append((th.start, th.end, "<td></td>"))
    output = replace(output, edits)
    for name, (pattern, is_it) in SCRIPTS.items():
        if name == "MERMAID" and 'class="jp-Mermaid' in output:
            continue  # a diagram on the page: keep its loader
        output, done = pattern.subn("", output)
        check(log, where, name, done, sum(is_it(*script) for script in scripts), "such scripts")
    return output


def _code_blocks(html: str, styled: set[str], where: str) -> list[tuple[int, int, str]]:
    """Each code block focusable and sized, its plain tokens unwrapped, its copy source moved."""
    blocks, pres = elements(html, "div", "highlight-ipynb"), elements(html, "pre")
    sources = elements(html, "div", "clipboard-copy-txt")
    spans = [e.start for e in elements(html, "span") if e.attrs.get("class")]
    edits, found, moved, plain, classed = [], 0, 0, 0, 0
    for block in blocks:
        pre = next((p for p in pres if block.start < p.start < (block.end or 0)), None)
        if pre is None:
            continue  # counted below: a block without its <pre>
        found += 1
        code = pre.text(html)
        if styled:  # else keep every span rather than lose the colours (warned)
            code, done = TOKEN.subn(lambda m: m[0] if m[1] in styled else m[2], code)
            plain += done
            classed += bisect_left(spans, pre.close) - bisect_left(spans, pre.inner)
        lines = code.rstrip("\n").count("\n") + 1
        attrs = {"style": f"contain-intrinsic-height:auto {lines}lh"}
        # The copy source right after the block: its id moves onto the <pre>, the copy goes.
        source = next((s for s in sources if s.start >= block.end), None)
        if source and not html[block.end : source.start].strip():
            attrs["id"] = source.attrs.get("id") or ""
            edits.append((source.start, source.end, ""))
            moved += 1
        edits += [
            (block.start, block.inner, set_attributes(block.start_tag(html), tabindex="0")),
            (pre.start, pre.inner, set_attributes(pre.start_tag(html), **attrs)),
            (pre.inner, pre.close, code),
        ]
    buttons = len(elements(html, "clipboard-copy"))
    check(log, where, "div.highlight-ipynb > pre", found, buttons, "code cells (copy buttons)")
    check(log, where, "div.clipboard-copy-txt", moved, buttons, "hidden copies of code to move")
    check(log, where, "TOKEN", plain, classed, "Pygments token spans")
    return edits
