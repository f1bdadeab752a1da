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

from build_env import BuildVariable  # docs/hooks/, on the path of hooks

VARIABLE = BuildVariable("TQDM_DISABLE")


def on_config(config):
    VARIABLE.set("1")
    return config


def on_post_build(config) -> None:
    VARIABLE.restore()


# Also after a failed build: `mkdocs serve` goes on running in this process.
def on_build_error(error) -> None:
    VARIABLE.restore()
