"""Keep notebook cell outputs (tables, printed logs, plots) out of the search index.

Material indexes everything in a page, so each executed lab would add its printed numbers and
tables to search/search_index.json, each code cell twice (mkdocs-jupyter keeps a hidden copy
of the source for its copy button) and every "Copied!" notice. Lab prose and code stay
searchable. Material's own `data-search-exclude` cannot do this: its parser ends the exclusion
at the first nested `</div>`, and outputs are nested divs. So the search plugin is handed the
page without those parts, and the page gets its full content back before it is rendered.
"""

from __future__ import annotations

import re

from mkdocs.plugins import CombinedEvent, event_priority

EXCLUDED = re.compile(
    r'<div class="(?:jp-Cell-outputWrapper|zeroclipboard-container|clipboard-copy-txt|celltoolbar)"'
)
DIV = re.compile(r"<(/?)div\b")
_full: dict[str, str] = {}  # page source -> its content while the search plugin reads a copy


def without_excluded(html: str, source: str) -> str:
    """`html` without the excluded divs, each cut at its matching `</div>`."""
    kept, position = [], 0
    for start in EXCLUDED.finditer(html):
        if start.start() < position:
            continue  # inside a part already cut
        kept.append(html[position : start.start()])
        depth = 0
        for tag in DIV.finditer(html, start.start()):
            depth += -1 if tag[1] else 1
            if depth == 0:
                position = html.index(">", tag.end()) + 1
                break
        else:
            raise ValueError(f"{source}: a <div> that is never closed at offset {start.start()}")
    return "".join(kept) + html[position:]


@event_priority(100)  # before the search plugin (priority 0) indexes page.content
def _hand_search_a_copy(context, page, config, nav):
    if page.file.src_uri.endswith(".ipynb"):
        _full[page.file.src_uri] = page.content
        page.content = without_excluded(page.content, page.file.src_uri)
    return context


@event_priority(-100)  # after it, before the theme renders the page
def _give_the_page_its_content_back(context, page, config, nav):
    if page.file.src_uri in _full:
        page.content = _full.pop(page.file.src_uri)
    return context


on_page_context = CombinedEvent(_hand_search_a_copy, _give_the_page_its_content_back)
