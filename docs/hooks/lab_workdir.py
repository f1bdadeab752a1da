"""Give the labs a private working folder while the site build executes them.

mkdocs-jupyter runs each notebook with the notebook's own folder as working directory, so
a lab's WORK_DIR would land inside labs/ in the repository: `mkdocs serve` would see the
files change and rebuild, and two builds at once (a serve and a test run) would write into
the same folder and break each other's lab. The kernels inherit this process's environment,
and labkit places relative working folders below LABKIT_WORK_ROOT when it is set.
"""

from __future__ import annotations

import shutil
import tempfile

from build_env import BuildVariable  # docs/hooks/, on the path of hooks

VARIABLE = BuildVariable("LABKIT_WORK_ROOT")  # read by labs/labkit/workdir.py
_build_root: str | None = None


def on_pre_build(config) -> None:
    global _build_root
    _build_root = tempfile.mkdtemp(prefix="course-build-labs-")
    VARIABLE.set(_build_root)


def on_post_build(config) -> None:
    _clean_up()


# Also after a failed build (and after strict mode's abort, which follows on_post_build):
# `mkdocs serve` goes on running in this process.
def on_build_error(error) -> None:
    _clean_up()


def _clean_up() -> None:
    global _build_root
    VARIABLE.restore()
    if _build_root:
        shutil.rmtree(_build_root, ignore_errors=True)
        _build_root = None
