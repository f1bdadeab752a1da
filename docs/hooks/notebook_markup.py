"""Slim the markup of rendered notebooks without changing what the reader sees.

Bytes that mkdocs-jupyter writes into every lab page and that carry nothing:
- Pygments spans around tokens that no rule colours (names, whitespace) and around punctuation
  (which then takes the code's text colour, as in Material's own code blocks): plain text;
- a hidden copy of each code cell's source for the copy button: the button copies the
  visible `<pre>` instead, which has the same text;
- the same 0.7 KB SVG icon in each copy button: an empty span that notebook_css.py draws,
  once, with a CSS mask of that icon;
- the Mermaid loader script, on pages that have no Mermaid diagram, and the MathJax loader,
  whose `src` is empty (the site configures no MathJax), with its configuration;
- nbconvert's loader for Jupyter widgets, which would fetch its code from a CDN (the site loads
  nothing from another host; widgets cannot run on a static page anyway);
- (and two additions: code blocks scroll sideways, so they take keyboard focus, tabindex="0",
  as Material's own code blocks do; axe: scrollable-region-focusable. And each `<pre>` states
  its height in lines, so notebook_css.py can skip rendering it off screen without moving
  what follows);
- and pandas' empty header cell above the index, a `<th>` that names nothing (axe:
  empty-table-header): an empty `<td>` instead.
Runs before notebook_css.py, which moves the style blocks out of the page.
"""

from __future__ import annotations

import re

from mkdocs.plugins import event_priority

STYLE = re.compile(r"<style[^>]*>(.*?)</style>", re.S)
CODE = re.compile(r'(<div class="highlight-ipynb[^"]*")(><pre[^>]*>)(.*?)(</pre>)', re.S)
TOKEN = re.compile(r'<span class="([\w-]+)">([^<]*)</span>')
COPY_SOURCE = re.compile(
    r"<pre>((?:(?!</pre>).)*)</pre>(\s*</div>\s*)"  # one <pre>: never from the panel's to a cell's
    r'<div class="clipboard-copy-txt"[^>]*? id="(cell-\d+)"[^>]*>[^<]*</div>',
    re.S,
)
WIDGET_LOADER = re.compile(
    r"<script>\s*\(function\(\) \{\s*function addWidgetsRenderer.*?</script>", re.S
)
COPY_ICON = re.compile(r'<svg aria-hidden="true" class="clipboard-copy-icon".*?</svg>', re.S)
MATHJAX = re.compile(
    r'<script src="">\s*</script>|<script type="text/x-mathjax-config">.*?</script>', re.S
)
MERMAID = re.compile(
    r'<script type="module">\s*document\.addEventListener\("DOMContentLoaded".*?</script>', re.S
)


@event_priority(-85)
def on_post_page(output: str, page, config) -> str:
    if not page.file.src_uri.endswith(".ipynb"):
        return output
    styles = "\n".join(STYLE.findall(output))
    styled = set(re.findall(r"\.highlight-ipynb \.([\w-]+)", styles)) - {"p"}

    def plain(code: re.Match) -> str:
        tokens = TOKEN.sub(lambda m: m[0] if m[1] in styled else m[2], code[3])
        lines = tokens.rstrip("\n").count("\n") + 1
        pre = code[2].replace("<pre", f'<pre style="contain-intrinsic-height:auto {lines}lh"', 1)
        return code[1] + ' tabindex="0"' + pre + tokens + code[4]

    output = COPY_SOURCE.sub(r'<pre id="\3">\1</pre>\2', output)
    output = CODE.sub(plain, output)
    output = output.replace("<th></th>", "<td></td>")
    output = WIDGET_LOADER.sub("", output)
    output = COPY_ICON.sub('<span aria-hidden="true" class="clipboard-copy-icon"></span>', output)
    output = MATHJAX.sub("", output)
    if 'class="jp-Mermaid' not in output:
        output = MERMAID.sub("", output)
    return output
