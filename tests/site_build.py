"""Build the site with MkDocs the way a contributor does, into a folder of the test's choosing."""

from __future__ import annotations

import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path


@dataclass
class Build:
    returncode: int
    log: str
    site: Path


def build_site(project: Path, site: Path, workdir: Path) -> Build:
    """`mkdocs build --strict` of `project` into `site`, run from `workdir`.

    Never with `-q`: quiet mode drops the warnings that strict mode counts. The
    mkdocs-jupyter cache (.cache/mkdocs-jupyter) lands in `workdir`.
    """
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "mkdocs",
            "build",
            "--strict",
            "--clean",
            "-f",
            str(project / "mkdocs.yml"),
            "-d",
            str(site),
        ],
        cwd=workdir,
        capture_output=True,
        text=True,
        timeout=900,
    )
    return Build(result.returncode, result.stdout + result.stderr, site)
