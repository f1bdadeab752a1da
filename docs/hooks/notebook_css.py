"""Serve the notebook CSS once, as a small cached file, instead of ~600 KB inline on every lab page.

mkdocs-jupyter appends JupyterLab's whole stylesheet (plus Pygments and pandas styles) to each
rendered notebook. This hook moves every `<style>` block of a notebook page into one shared file,
assets/stylesheets/notebook.css; after the build it drops the rules whose classes no notebook
page uses and the custom properties no kept rule reads. The `<link>` sits in the page content,
not the head: Material's instant navigation swaps the content and keeps the first page's head.
A style block the pattern misses, or no place for the `<link>`, is a warning (html_edit.check).
"""

from __future__ import annotations

import re
from pathlib import Path

from css_prune import drop_unread_properties, prune  # docs/hooks/, on the path of hooks
from html_edit import check, elements
from mkdocs.plugins import event_priority, get_plugin_logger

log = get_plugin_logger(__name__)
CSS_FILE = "assets/stylesheets/notebook.css"
STYLE = re.compile(r"<style[^>]*>(.*?)</style>\s*", re.S)
CLASS_ATTRIBUTE = re.compile(r'\bclass="([^"]*)"')
# Images keep their aspect ratio once they carry width/height attributes (notebook_images.py).
# Code off screen is neither styled nor laid out until the reader scrolls near it: its spans are
# most of a lab page's ~4,700 elements, which Material's first getComputedStyle() otherwise
# styles at once (Lighthouse mobile, lab 1.3.3: blocking time ~430 -> ~190 ms). Each block
# carries its exact height (notebook_markup.py), so links to a section still land on it.
# The copy buttons' icon (GitHub's Octicon "copy", as mkdocs-jupyter draws it), in one place.
COPY_ICON = (
    "M0 6.75C0 5.784.784 5 1.75 5h1.5a.75.75 0 010 1.5h-1.5a.25.25 0 00-.25.25v7.5c0 .138.112"
    ".25.25.25h7.5a.25.25 0 00.25-.25v-1.5a.75.75 0 011.5 0v1.5A1.75 1.75 0 019.25 16h-7.5A1.75"
    " 1.75 0 010 14.25v-7.5zM5 1.75C5 .784 5.784 0 6.75 0h7.5C15.216 0 16 .784 16 1.75v7.5A1.75"
    " 1.75 0 0114.25 11h-7.5A1.75 1.75 0 015 9.25v-7.5zm1.75-.25a.25.25 0 00-.25.25v7.5c0 .138"
    ".112.25.25.25h7.5a.25.25 0 00.25-.25v-7.5a.25.25 0 00-.25-.25h-7.5z"
)
ICON_MASK = (
    "url(\"data:image/svg+xml,<svg xmlns='http://www.w3.org/2000/svg' viewBox='0 0 16 16'>"
    f"<path fill-rule='evenodd' d='{COPY_ICON}'/></svg>\") center/contain no-repeat"
)
EXTRA = (
    ".jupyter-wrapper .clipboard-copy-icon{display:inline-block;height:15px;"
    f"background-color:currentColor;-webkit-mask:{ICON_MASK};mask:{ICON_MASK}}}\n"
    ".jupyter-wrapper .jp-RenderedImage img{max-width:100%;height:auto}\n"
    ".jupyter-wrapper .highlight-ipynb>pre{content-visibility:auto}\n"
)
_blocks: dict[str, None] = {}  # every distinct style block, in first-seen order
_pages: list[Path] = []


# After the other hooks have changed the page: the styles are collected from the final HTML.
@event_priority(-90)
def on_post_page(output: str, page, config) -> str:
    if not page.file.src_uri.endswith(".ipynb"):
        return output
    where, styles = page.file.src_uri, len(elements(output, "style"))
    wrappers = elements(output, "div", "jupyter-wrapper")[:1]  # the <link> goes right before it
    check(log, where, "div.jupyter-wrapper", len(wrappers), 1, "notebooks to link the CSS from")
    for wrapper in wrappers:
        href = "../" * page.url.count("/") + CSS_FILE
        link = f'<link rel="stylesheet" href="{href}">\n'
        output = output[: wrapper.start] + link + output[wrapper.start :]
    for block in STYLE.findall(output):
        # mkdocs-jupyter also appends a Python list's repr of the Pygments CSS: not CSS, dropped.
        if not block.lstrip().startswith("['"):
            _blocks.setdefault(block.strip())
    output, moved = STYLE.subn("", output)
    check(log, where, "STYLE", moved, styles, "<style> blocks")
    _pages.append(Path(page.file.abs_dest_path))
    return output


def on_post_build(config) -> None:
    used: set[str] = set()
    for page in _pages:
        # Only reading class names, not editing: a pattern is enough, and far cheaper than
        # parsing each whole lab page once more.
        for classes in CLASS_ATTRIBUTE.findall(page.read_text(encoding="utf-8")):
            used.update(classes.split())
    css = re.sub(r"/\*.*?\*/", "", "\n".join(_blocks), flags=re.S)
    css = drop_unread_properties(prune(css, used)) + EXTRA
    (Path(config.site_dir) / CSS_FILE).write_text(css, encoding="utf-8")  # Material made the folder
    _blocks.clear(), _pages.clear()
