"""The one folder a lab writes into, and its clean-up.

A lab writes only below its own working folder. A marker file records that the folder
was made by a lab, so clean-up never deletes a folder the learner made themselves.

A relative WORK_DIR lies beside the notebook, where a learner expects it. When the
environment variable LABKIT_WORK_ROOT names a folder, relative paths lie below it instead:
the site build sets it (docs/hooks/lab_workdir.py) so that executing the labs never writes
into the repository, and two builds running at once never share a folder.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

MARKER = ".labkit-workdir"
WORK_ROOT_VARIABLE = "LABKIT_WORK_ROOT"


def fresh_workdir(path: str | Path) -> Path:
    """Create `path` empty (replacing an earlier run's folder) and return it, resolved."""
    folder = Path(os.environ.get(WORK_ROOT_VARIABLE, ".")) / path
    folder = folder.resolve()
    if folder.exists():
        remove_workdir(folder)
    folder.mkdir(parents=True)
    (folder / MARKER).write_text("Made by a course lab; safe to delete.\n")
    return folder


def remove_workdir(path: str | Path) -> None:
    """Delete a working folder that a lab made; refuse any other folder."""
    folder = Path(path)
    if not folder.exists():
        return
    if not (folder / MARKER).is_file():
        raise FileExistsError(
            f"{folder} exists but was not made by a lab (no {MARKER} file in it): "
            "choose another WORK_DIR or delete that folder yourself."
        )
    shutil.rmtree(folder)


def folder_bytes(path: str | Path, pattern: str = "*.parquet") -> int:
    """Total size in bytes of the files below `path` that match `pattern`."""
    return sum(f.stat().st_size for f in Path(path).rglob(pattern) if f.is_file())
