"""Publish the learner copy of each lab next to its page: the notebook as a learner runs it.

The lab panel's "Download the notebook" link (lab_panel.py) points here, and the Pages workflow
publishes the same files to the branch that Colab and Binder open (.github/scripts/
learner_copies.py). A learner copy differs from the lab in the repository in two ways:

- the cells tagged `solution` are dropped (the site shows them behind a reveal control,
  lab_solutions.py), and outputs are cleared;
- the cell tagged `install` becomes one that pip-installs the course's helpers from the
  course's own address (the wheel that lab_package.py publishes), so the copy runs in any
  Jupyter: no git, no clone.

It is the only notebook beside the page: mkdocs-jupyter's `include_source` is off in mkdocs.yml,
so no full copy (solutions included) is written first for this hook to overwrite.
"""

from __future__ import annotations

from pathlib import Path
from urllib.parse import urljoin

import nbformat
from lab_package import wheel_uri  # docs/hooks/, on the path of hooks
from mkdocs.exceptions import PluginError

SOLUTION_TAG = "solution"
INSTALL_TAG = "install"


def install_cell_source(wheel_url: str) -> str:
    return (
        "# The course's helpers (labkit), installed from the course site if this Jupyter does\n"
        "# not have them yet: pip fetches one file from there, no git or clone needed.\n"
        "try:\n"
        "    import labkit\n"
        "except ModuleNotFoundError:\n"
        f'    %pip install --quiet "{wheel_url}"\n'
        "    import labkit\n"
    )


def learner_copy(source: Path, wheel_url: str) -> nbformat.NotebookNode:
    """The notebook a learner gets from `source`: still valid nbformat."""
    nb = nbformat.read(source, as_version=4)
    nb.cells = [c for c in nb.cells if SOLUTION_TAG not in c.get("metadata", {}).get("tags", [])]
    installs = [c for c in nb.cells if INSTALL_TAG in c.get("metadata", {}).get("tags", [])]
    if len(installs) != 1:
        raise ValueError(
            f"{source}: a lab needs exactly one code cell tagged '{INSTALL_TAG}' (the one that "
            f"imports labkit), found {len(installs)}"
        )
    installs[0].source = install_cell_source(wheel_url)
    for cell in nb.cells:
        if cell.cell_type == "code":
            cell.outputs, cell.execution_count = [], None
    nbformat.validate(nb)
    return nb


def on_post_page(output, page, config):
    if page.file.src_uri.endswith(".ipynb"):
        if not config.site_url:
            raise PluginError(
                "learner_copy: mkdocs.yml needs site_url, the address the learner copies "
                "install the course's helpers from"
            )
        wheel_url = urljoin(config.site_url, wheel_uri(config))
        target = Path(page.file.abs_dest_path).parent / Path(page.file.src_uri).name
        target.parent.mkdir(parents=True, exist_ok=True)
        try:
            copy = learner_copy(Path(page.file.abs_src_path), wheel_url)
        except ValueError as error:
            raise PluginError(f"learner_copy: {error}") from error
        nbformat.write(copy, target)
    return output
