"""Hide each lab's reference solution behind a reveal control on its page.

A lab's `solution` cells must still run when the site is built, because the self-check cell
after each exercise needs the answer. nbconvert marks each cell's HTML with a `celltag_<tag>`
class; this hook wraps every `solution` cell in a closed <details> with a clear summary, so
the learner sees the exercise first and opens the solution only when they choose, with no
script needed. A page that shows another number of solution cells than its notebook has is a
warning: the reveal control would be missing and the answer in plain sight.
"""

from __future__ import annotations

import json
from pathlib import Path

from html_edit import Element, check, elements, replace  # docs/hooks/, on the path of hooks
from mkdocs.exceptions import PluginError
from mkdocs.plugins import get_plugin_logger

log = get_plugin_logger(__name__)
TAG = "solution"
SUMMARY = "Show the reference solution"


def solution_cells(html: str) -> list[Element]:
    """The outermost cells tagged `solution` (mkdocs-jupyter nests each cell in a twin div)."""
    cells: list[Element] = []
    for div in elements(html, "div", f"celltag_{TAG}"):
        if "jp-Cell" in div.classes and not (cells and div.start < (cells[-1].end or len(html))):
            cells.append(div)
    return cells


def collapse_solutions(html: str, source: str = "the page") -> str:
    """Wrap every `solution` cell in a closed <details>, keeping the cell's markup intact."""
    edits = []
    for cell in solution_cells(html):
        if cell.end is None:
            raise PluginError(f"lab_solutions: {source}: a solution cell's <div> is never closed")
        opening = f'<details class="success lab-solution"><summary>{SUMMARY}</summary>\n'
        edits += [(cell.start, cell.start, opening), (cell.end, cell.end, "\n</details>")]
    return replace(html, edits)


def on_page_content(html, page, config, files):
    if not page.file.src_uri.endswith(".ipynb"):
        return html
    cells = json.loads(Path(page.file.abs_src_path).read_text(encoding="utf-8"))["cells"]
    tagged = sum(TAG in cell.get("metadata", {}).get("tags", []) for cell in cells)
    shown = len(solution_cells(html))
    check(log, page.file.src_uri, f"div.jp-Cell.celltag_{TAG}", shown, tagged, "solution cells")
    return collapse_solutions(html, page.file.src_uri)
