"""Lay out the branch that Colab and Binder open: the labs' learner copies, from the built site.

    uv run python .github/scripts/learner_copies.py SITE_DIR OUT_DIR

The Pages workflow (.github/workflows/pages.yml) runs this after `mkdocs build` and pushes
OUT_DIR to the branch named in docs/hooks/course_address.py (LEARNER_BRANCH), so that the three
ways a learner opens a lab (download, Colab, Binder) open the same file. OUT_DIR gets:

- each lab's learner copy (docs/hooks/learner_copy.py) at the lab's own path, e.g.
  labs/1.3-scalability/01-partitioning.ipynb, taken from the site, where the build wrote it
  next to the lab's page (labs/1.3-scalability/01-partitioning/01-partitioning.ipynb);
- requirements.txt and runtime.txt for Binder: the labs' packages, read from the helper wheel
  the site publishes (docs/hooks/lab_package.py), and a Python version that pyproject allows;
- a README.md that says what the branch is.
"""

from __future__ import annotations

import shutil
import sys
import zipfile
from email.parser import Parser
from pathlib import Path

# Binder's image; the course's floor is 3.11 (pyproject.toml) and the labs are tested on it.
BINDER_PYTHON = "3.12"

README = """\
# Learner copies of the course's labs

Generated from the built course site by the Pages workflow on every publish; do not edit:
the next publish replaces this branch. Each notebook is a lab as a learner gets it, with its
exercises open and no reference solutions; its first cell installs the course's helpers from
the course site. Colab and Binder open the labs from here; `requirements.txt` and
`runtime.txt` are Binder's environment.

Lesson text and figures: CC BY 4.0. Code: MIT. See the licence files of the source branch.
"""


def learner_copies(site: Path) -> dict[str, Path]:
    """{lab path in the repository: its learner copy in the built site}."""
    copies = {}
    for notebook in sorted((site / "labs").rglob("*.ipynb")):
        relative = notebook.relative_to(site)
        # The build writes each copy in its page's folder: <lab path without .ipynb>/<name>.
        if relative.parent.name != notebook.stem:
            raise ValueError(f"{notebook}: not where the build writes a learner copy")
        copies[(relative.parent.parent / notebook.name).as_posix()] = notebook
    if not copies:
        raise ValueError(f"{site}: no learner copy found under labs/ (is it a built site?)")
    return copies


def requirements(site: Path) -> list[str]:
    """The labs' packages, as the helper wheel in the site declares them."""
    wheels = sorted((site / "labs").glob("*.whl"))
    if len(wheels) != 1:
        raise ValueError(f"{site}/labs: expected one helper wheel, found {len(wheels)}")
    with zipfile.ZipFile(wheels[0]) as wheel:
        metadata = next(n for n in wheel.namelist() if n.endswith(".dist-info/METADATA"))
        headers = Parser().parsestr(wheel.read(metadata).decode())
    return sorted(headers.get_all("Requires-Dist") or [])


def lay_out(site: Path, out: Path) -> list[str]:
    """Write the branch's files into `out` (which must not exist); return their paths."""
    out.mkdir(parents=True)
    written = []
    for path, copy in learner_copies(site).items():
        (out / path).parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(copy, out / path)
        written.append(path)
    (out / "requirements.txt").write_text("\n".join(requirements(site)) + "\n")
    (out / "runtime.txt").write_text(f"python-{BINDER_PYTHON}\n")
    (out / "README.md").write_text(README)
    return [*written, "requirements.txt", "runtime.txt", "README.md"]


def main(site: str, out: str) -> None:
    for path in lay_out(Path(site), Path(out)):
        print(path)


if __name__ == "__main__":
    if len(sys.argv) != 3:
        sys.exit(__doc__.split("\n\n")[1])
    main(*sys.argv[1:])
