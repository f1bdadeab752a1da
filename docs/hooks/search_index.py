"""Keep notebook cell outputs (tables, printed logs, plots) out of the search index.

Material indexes everything in a page, so each executed lab would add its printed numbers and
tables to search/search_index.json, each code cell twice (mkdocs-jupyter keeps a hidden copy
of the source for its copy button) and every "Copied!" notice. Lab prose and code stay
searchable. Material's own `data-search-exclude` cannot do this: its parser ends the exclusion
at the first nested `</div>`, and outputs are nested divs. So the search plugin is handed the
page without those parts, and the page gets its full content back before it is rendered.
The copy also leaves out the highlighter's token tags inside code (`<span class="k">`), which
change no indexed word but make up most of a lab page's tags: parsing them made the search
plugin the slowest step of a rebuild.
"""

from __future__ import annotations

import re

from html_edit import elements, replace  # docs/hooks/, on the path of hooks
from mkdocs.exceptions import PluginError
from mkdocs.plugins import CombinedEvent, event_priority, get_plugin_logger

log = get_plugin_logger(__name__)
EXCLUDED = {"jp-Cell-outputWrapper", "zeroclipboard-container", "clipboard-copy-txt", "celltoolbar"}
TOKEN_TAG = re.compile(r'<span(?: class="[\w -]*")?>|</span>')
_full: dict[str, str] = {}  # page source -> its content while the search plugin reads a copy


def without_excluded(html: str, source: str) -> str:
    """`html` without the excluded divs, each cut whole (html.parser finds where it ends)."""
    cuts: list[tuple[int, int, str]] = []
    for div in elements(html, "div"):
        if not div.classes & EXCLUDED or (cuts and div.start < cuts[-1][1]):
            continue  # not excluded, or inside a part already cut
        if div.end is None:
            raise PluginError(
                f'search_index: {source}: the <div class="{div.attrs["class"]}"> at offset '
                f"{div.start} is never closed, so its end cannot be found"
            )
        cuts.append((div.start, div.end, ""))
    # Independent of the class names above: each cell output must be in a part that is cut.
    outputs = elements(html, cls="jp-OutputArea-output")
    left = [o for o in outputs if not any(start <= o.start < end for start, end, _ in cuts)]
    if left:
        log.warning(
            f"{source}: {len(left)} of the {len(outputs)} cell outputs are outside the divs "
            f"cut for search ({', '.join(sorted(EXCLUDED))}): the HTML that mkdocs-jupyter "
            "writes has changed, and the outputs would be indexed"
        )
    # The code that stays, from the same parse: each <pre> outside the parts cut.
    code = [
        (pre.inner, pre.close, TOKEN_TAG.sub("", pre.text(html)))
        for pre in elements(html, "pre")
        if pre.close is not None and not any(start <= pre.start < end for start, end, _ in cuts)
    ]
    return replace(html, cuts + code)


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
