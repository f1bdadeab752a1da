"""Serve the copy buttons' script once, as a small cached file, instead of inline on every lab page.

mkdocs-jupyter writes GitHub's <clipboard-copy> element (4.3 KB) and the listener that shows
"Copied!" into each rendered notebook. This hook moves both into assets/javascripts/notebook.js
and leaves a `<script src>` where they were, in the page content: Material's instant navigation
runs the scripts of the content it swaps in (the element defines itself only once).
"""

from __future__ import annotations

import re
from pathlib import Path

from mkdocs.plugins import event_priority

JS_FILE = "assets/javascripts/notebook.js"
COPY_SCRIPTS = re.compile(
    r"<script>\s*(\(function \(global, factory\).*?ClipboardCopyElement.*?)</script>\s*"
    r"<script>\s*(document\.addEventListener\('clipboard-copy'.*?)</script>",
    re.S,
)
_script: list[str] = []  # the scripts as the last notebook page had them


@event_priority(-90)
def on_post_page(output: str, page, config) -> str:
    if not page.file.src_uri.endswith(".ipynb"):
        return output
    found = COPY_SCRIPTS.search(output)
    if not found:
        return output
    _script[:] = [found[1].strip(), found[2].strip()]
    href = "../" * page.url.count("/") + JS_FILE
    return output[: found.start()] + f'<script src="{href}"></script>\n' + output[found.end() :]


def on_post_build(config) -> None:
    if _script:
        (Path(config.site_dir) / JS_FILE).write_text("\n\n".join(_script) + "\n", encoding="utf-8")
