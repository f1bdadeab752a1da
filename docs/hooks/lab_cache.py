"""Key mkdocs-jupyter's cache of executed labs on everything that changes their outputs.

mkdocs-jupyter reuses a lab's executed page when the notebook's bytes (and its own settings)
are unchanged; but the outputs also depend on labkit (the labs' helpers), on the hooks that set
up the kernel, and on the versions of Python and of every installed package. Each combination
gets its own cache folder, named by a fingerprint of all of them, so a change to any one executes
the labs again and never shows outputs that another version computed. The other hooks rewrite
the rendered pages on every build, after the cache: a change to them executes nothing again.

The folder lies in .cache/mkdocs-jupyter/ by default; COURSE_CACHE_DIR names another root, so
that builds from fresh clones on one machine (the tests, CI) can share what earlier ones ran.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import sys
from importlib import metadata
from pathlib import Path

CACHE_ROOT_VARIABLE = "COURSE_CACHE_DIR"
# The hooks whose code reaches the labs' kernels: they set the environment the kernels inherit
# (tests/test_lab_cache.py fails when another hook sets a variable and is not listed here).
KERNEL_HOOKS = ("build_env.py", "lab_workdir.py", "quiet_progress.py")
# Cache folders of other fingerprints that stay, the most recently used (a size, not a result).
KEEP_OTHERS = 2  # pragma: no mutate


def fingerprint(project: Path) -> str:
    """What a lab's outputs depend on besides the notebook itself."""
    digest = hashlib.sha256(sys.version.encode())
    hooks = project / "docs" / "hooks"
    sources = [
        *(project / "labs" / "labkit").rglob("*.py"),
        *(hooks / name for name in KERNEL_HOOKS if (hooks / name).is_file()),
    ]
    for path in sorted(sources):
        digest.update(path.relative_to(project).as_posix().encode() + b"\0" + path.read_bytes())
    installed = sorted(
        f"{d.metadata['Name']}=={d.version}".lower() for d in metadata.distributions()
    )
    digest.update("\n".join(installed).encode())
    return digest.hexdigest()[:16]


def on_config(config):
    plugin = config.plugins.get("mkdocs-jupyter")
    if plugin is None or not plugin.config["cache"]:
        return config
    project = Path(config.config_file_path).parent
    root = Path(os.environ.get(CACHE_ROOT_VARIABLE) or project / ".cache") / "mkdocs-jupyter"
    folder = root / fingerprint(project)
    folder.mkdir(parents=True, exist_ok=True)
    os.utime(folder)  # used now: the most recent
    # Folders of other fingerprints: the most recently used stay, since environments on one
    # machine take turns (a checkout and a fresh clone whose packages differ, the floor
    # versions); the rest are of inputs long gone (mkdocs-jupyter evicts only within a folder).
    others = sorted(
        (p for p in root.iterdir() if p.is_dir() and p != folder),
        key=lambda p: p.stat().st_mtime,
        reverse=True,
    )
    for stale in others[KEEP_OTHERS:]:
        # Another build may be removing it too (no mutation: such a race is not
        # reproducible in a test).
        shutil.rmtree(stale, ignore_errors=True)  # pragma: no mutate
    for entry in root.glob("*.json"):  # mkdocs-jupyter's own entries, from before this hook
        entry.unlink()
    plugin.config["cache_dir"] = str(folder)
    return config
