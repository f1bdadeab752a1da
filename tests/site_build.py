"""Build the site with MkDocs the way a contributor does, into a folder of the test's choosing."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

# `mkdocs build` with settings that replace mkdocs.yml's, through MkDocs' own API: the same
# validation, plugins and strict mode as the command line, which has no option for them.
_BUILD_WITH_SETTINGS = """
import json, sys
from mkdocs.commands.build import build
from mkdocs.config import load_config
config_file, site_dir, settings = sys.argv[1], sys.argv[2], json.loads(sys.argv[3])
build(load_config(config_file, site_dir=site_dir, **settings))
"""


# Executed labs are cached by everything their outputs depend on (docs/hooks/lab_cache.py); the
# tests keep that cache beside uv's, so a fresh clone reuses what an earlier run on this machine
# executed with the same inputs, and executes only what changed.
TEST_CACHE = (
    Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "scaling-data-engineering"
)


# Variables the build's hooks set for the labs' kernels (docs/hooks/quiet_progress.py,
# lab_workdir.py): never inherited from the caller, so the tests see the hooks' own effect.
HOOK_SET = {"TQDM_DISABLE", "LABKIT_WORK_ROOT"}


@dataclass
class Build:
    returncode: int
    log: str
    site: Path


def build_site(
    project: Path,
    site: Path,
    workdir: Path,
    settings: dict | None = None,
    cache: Path | None = None,
) -> Build:
    """`mkdocs build --strict` of `project` into `site`, run from `workdir`.

    `settings` replace mkdocs.yml's (e.g. another `repo_url`); `cache` is where executed labs
    are cached (the tests' shared TEST_CACHE unless given). Never with `-q`: quiet mode
    drops the warnings that strict mode counts. The mkdocs-jupyter cache
    (.cache/mkdocs-jupyter) lands in `workdir`, so builds from one `workdir` share it.
    """
    config_file = str(project / "mkdocs.yml")
    if settings:
        command = ["-c", _BUILD_WITH_SETTINGS, config_file, str(site), json.dumps(settings)]
    else:
        command = [
            "-m",
            "mkdocs",
            "build",
            "--strict",
            "--clean",
            "-f",
            config_file,
            "-d",
            str(site),
        ]
    # A contributor's environment: nothing the hooks set themselves (TQDM_DISABLE stands in for
    # docs/hooks/quiet_progress.py if the caller has it).
    env = {
        **{name: value for name, value in os.environ.items() if name not in HOOK_SET},
        "COURSE_CACHE_DIR": str(cache or os.environ.get("COURSE_CACHE_DIR") or TEST_CACHE),
    }
    result = subprocess.run(
        [sys.executable, *command],
        cwd=workdir,
        env=env,
        capture_output=True,
        text=True,
        timeout=900,
    )
    return Build(result.returncode, result.stdout + result.stderr, site)
