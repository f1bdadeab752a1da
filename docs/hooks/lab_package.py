"""Publish the labs' helper package (labkit) on the site, as a wheel the learner copies install.

A learner copy of a lab (learner_copy.py) installs labkit with pip from the course's own
address: no git, no clone, no package index for a fork to publish to. The wheel is what
pyproject.toml describes (labkit, and the labs' packages as its dependencies), built with
`uv build`, once per change of labkit or pyproject.toml, and kept in .cache/labkit-wheel/.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import subprocess
import tempfile
from pathlib import Path

from mkdocs.exceptions import PluginError
from mkdocs.structure.files import File, Files

# The wheel is published beside the labs, at labs/<wheel file name>.
SITE_FOLDER = "labs"


def _project(config) -> Path:
    return Path(config.config_file_path).parent


def _fingerprint(project: Path) -> str:
    """What the wheel is built from: pyproject.toml and every file of labkit."""
    digest = hashlib.sha256()
    for path in [project / "pyproject.toml", *sorted((project / "labs" / "labkit").rglob("*.py"))]:
        digest.update(path.relative_to(project).as_posix().encode() + b"\0" + path.read_bytes())
    return digest.hexdigest()[:16]


def wheel(project: Path) -> Path:
    """The wheel of `project`, built the first time its sources are seen, then from the cache."""
    cache = project / ".cache" / "labkit-wheel"
    folder = cache / _fingerprint(project)
    built = sorted(folder.glob("*.whl"))
    if built:
        return built[0]
    uv = os.environ.get("UV") or shutil.which("uv")  # `uv run` sets UV to its own path
    if uv is None:
        raise PluginError(
            "lab_package: uv is needed to build the labs' helper package for the learner "
            "copies; install it (see README.md) and run the build with `uv run mkdocs ...`"
        )
    cache.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(dir=cache, prefix="build-") as scratch:
        result = subprocess.run(
            [uv, "build", "--wheel", "--quiet", "--out-dir", scratch, str(project)],
            capture_output=True,
            text=True,
        )
        wheels = list(Path(scratch).glob("*.whl"))
        if result.returncode != 0 or len(wheels) != 1:
            raise PluginError(
                f"lab_package: `uv build --wheel` of {project} failed "
                f"(exit {result.returncode}):\n{result.stderr.strip()}"
            )
        # Appears whole or not at all: a build stopped half-way leaves no wheel to reuse.
        os.replace(scratch, folder)
        Path(scratch).mkdir()  # for TemporaryDirectory's own clean-up
    return folder / wheels[0].name


def wheel_uri(config) -> str:
    """The wheel's path in the site, e.g. labs/scaling_data_engineering-0.1.0-py3-none-any.whl."""
    return f"{SITE_FOLDER}/{wheel(_project(config)).name}"


def on_files(files: Files, config) -> Files:
    path = wheel(_project(config))
    files.append(File.generated(config, f"{SITE_FOLDER}/{path.name}", abs_src_path=str(path)))
    return files
