"""Serve the copy buttons' script once, as a small cached file, instead of inline on every lab page.

mkdocs-jupyter writes GitHub's <clipboard-copy> element (4.3 KB) and the listener that shows
"Copied!" into each rendered notebook. This hook moves both into assets/javascripts/notebook.js
and leaves a `<script src>` where they were, in the page content: Material's instant navigation
runs the scripts of the content it swaps in (the element defines itself only once). A page whose
copy-button scripts the pattern does not find is a warning (html_edit.check).
"""

from __future__ import annotations

import re
from pathlib import Path

from html_edit import check, elements  # docs/hooks/, on the path of hooks
from mkdocs.plugins import event_priority, get_plugin_logger

log = get_plugin_logger(__name__)
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
    found = COPY_SCRIPTS.search(output)  # the element and its listener: two scripts, or none
    inline = [e for e in elements(output, "script") if "clipboard-copy" in e.text(output)]
    check(log, page.file.src_uri, "COPY_SCRIPTS", 2 if found else 0, len(inline), "copy scripts")
    if not found:
        return output
    _script[:] = [found[1].strip(), found[2].strip()]
    href = "../" * page.url.count("/") + JS_FILE
    return output[: found.start()] + f'<script src="{href}"></script>\n' + output[found.end() :]


def on_post_build(config) -> None:
    if _script:
        (Path(config.site_dir) / JS_FILE).write_text("\n\n".join(_script) + "\n", encoding="utf-8")
