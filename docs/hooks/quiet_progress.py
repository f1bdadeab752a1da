"""Keep progress bars out of the executed labs on the site.

The labs show a progress bar (tqdm) on their long loops for a learner watching them run. The
site's build executes the labs unattended, and a bar saved into the page would be noise: a
widget that cannot run on a static page, or a frozen "100%". The labs create their bars with
`disable=os.environ.get("TQDM_DISABLE") == "1"`, tqdm's own switch, and the kernels that
mkdocs-jupyter starts inherit this process's environment; so this hook sets it for the build.
"""

from __future__ import annotations

import os


def on_config(config):
    os.environ["TQDM_DISABLE"] = "1"
    return config
