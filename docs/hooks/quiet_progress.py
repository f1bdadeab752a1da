"""Keep progress bars out of the executed labs on the site.

The labs show a progress bar (tqdm) on their long loops for a learner watching them run. The
site's build executes the labs unattended, and a bar saved into the page would be noise: a
widget that cannot run on a static page, or a frozen "100%". The labs create their bars with
`disable=os.environ.get("TQDM_DISABLE") == "1"`, tqdm's own switch, and the kernels that
mkdocs-jupyter starts inherit this process's environment; so this hook sets it for the build,
and puts back the value it had before once the build ends (as markdown-exec does), whether the
build succeeded or failed: `mkdocs serve` goes on running in the same process.
"""

from __future__ import annotations

import os

VARIABLE = "TQDM_DISABLE"
_earlier: list[str | None] = []  # its value before the build, put back after it


def on_config(config):
    _earlier[:] = [os.environ.get(VARIABLE)]
    os.environ[VARIABLE] = "1"
    return config


def on_post_build(config) -> None:
    _restore()


# Also after a failed build: `mkdocs serve` goes on running in this process.
def on_build_error(error) -> None:
    _restore()


def _restore() -> None:
    if _earlier:
        earlier = _earlier.pop()
        if earlier is None:
            os.environ.pop(VARIABLE, None)
        else:
            os.environ[VARIABLE] = earlier
