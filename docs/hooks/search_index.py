"""Keep notebook cell outputs (tables, printed logs, plots) out of the search index.

Material indexes everything in a page, so each executed lab would add its printed numbers and
tables to search/search_index.json, and each code cell twice (mkdocs-jupyter keeps a hidden copy
of the source for its copy button). Lab prose and code stay searchable. Material's search plugin
skips elements marked `data-search-exclude` and strips the attribute from the page afterwards.
"""

from __future__ import annotations

import re

from mkdocs.plugins import event_priority

EXCLUDED = re.compile(r'<div class="(jp-Cell-outputWrapper|clipboard-copy-txt|celltoolbar)"')


# Before the search plugin reads the page in on_page_context.
@event_priority(50)
def on_page_content(html: str, page, config, files) -> str:
    if not page.file.src_uri.endswith(".ipynb"):
        return html
    return EXCLUDED.sub(lambda m: f'{m.group(0)} data-search-exclude="true"', html)
