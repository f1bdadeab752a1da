"""Hide each lab's reference solution behind a reveal control on its page.

A lab's `solution` cells must still run when the site is built, because the self-check cell
after each exercise needs the answer. nbconvert marks each cell's HTML with a `celltag_<tag>`
class; this hook wraps every `solution` cell in a closed <details> with a clear summary, so
the learner sees the exercise first and opens the solution only when they choose, with no
script needed.
"""

from __future__ import annotations

import re

# mkdocs-jupyter wraps each cell in an outer div (no id) carrying the cell's tags as classes.
SOLUTION_CELL = re.compile(r'<div class="jp-Cell [^"]*\bcelltag_solution\b[^"]*"[^>]*>')
DIV = re.compile(r"<div\b|</div>")
SUMMARY = "Show the reference solution"


def collapse_solutions(html: str) -> str:
    """Wrap every `solution` cell in a closed <details>, keeping the cell's markup intact."""
    parts, position = [], 0
    for start in [m.start() for m in SOLUTION_CELL.finditer(html)]:
        if start < position:
            continue  # nested inside a cell already wrapped
        depth = 0
        for tag in DIV.finditer(html, start):
            depth += 1 if tag[0] == "<div" else -1
            if depth == 0:
                end = tag.end()
                break
        else:
            raise ValueError("a solution cell's <div> is never closed")
        parts += [
            html[position:start],
            f'<details class="success lab-solution"><summary>{SUMMARY}</summary>\n',
            html[start:end],
            "\n</details>",
        ]
        position = end
    return "".join([*parts, html[position:]])


def on_page_content(html, page, config, files):
    return collapse_solutions(html) if page.file.src_uri.endswith(".ipynb") else html
