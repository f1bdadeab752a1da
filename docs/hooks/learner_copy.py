"""Publish the learner copy of each lab next to its page: the notebook without its solutions.

The "Download the notebook" link of the lab panel (lab_panel.py) points here. The copy keeps
the exercise stubs and the self-check cells, so a learner's run stops at "not done yet" until
they answer; only the cells tagged `solution` are dropped, and outputs are cleared. It is
written over the full copy that mkdocs-jupyter's `include_source` puts in the same place, so
every download from the site is the learner copy.
"""

from __future__ import annotations

from pathlib import Path

import nbformat
from mkdocs.plugins import event_priority

SOLUTION_TAG = "solution"


def learner_copy(source: Path) -> nbformat.NotebookNode:
    """The notebook without its `solution` cells and without outputs: still valid nbformat."""
    nb = nbformat.read(source, as_version=4)
    nb.cells = [c for c in nb.cells if SOLUTION_TAG not in c.get("metadata", {}).get("tags", [])]
    for cell in nb.cells:
        if cell.cell_type == "code":
            cell.outputs, cell.execution_count = [], None
    nbformat.validate(nb)
    return nb


# After mkdocs-jupyter (priority 0) has copied the full notebook next to the page.
@event_priority(-50)
def on_post_page(output, page, config):
    if page.file.src_uri.endswith(".ipynb"):
        target = Path(page.file.abs_dest_path).parent / Path(page.file.src_uri).name
        target.parent.mkdir(parents=True, exist_ok=True)
        nbformat.write(learner_copy(Path(page.file.abs_src_path)), target)
    return output
