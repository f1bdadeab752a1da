"""Serve the in-page Python runtime from the site itself: Pyodide, pinned, checked, fetched once.

Runnable blocks (docs/hooks/runnable.py) run on Pyodide, the CPython build for WebAssembly that
the Pyodide project publishes as the npm package `pyodide`. Learners never load it from a CDN:
the build fetches the pinned version with the ordinary npm client (`npm pack`), checks the
tarball against the pinned integrity hash, keeps the runtime files in .cache/pyodide/<version>/
(outside git; a `mkdocs serve` reload does not fetch again) and adds them to the site under
assets/pyodide/. The browser loads them on a learner's first Run, not before.

The pin is npm's own: docs/hooks/pyodide/package.json names the exact version and its
package-lock.json the tarball's integrity hash, where Dependabot sees them and proposes upgrades.
To upgrade by hand: `npm install --package-lock-only --ignore-scripts pyodide@<version>` there.
"""

from __future__ import annotations

import base64
import hashlib
import json
import shutil
import subprocess
import tarfile
import tempfile
from pathlib import Path

from mkdocs.exceptions import PluginError
from mkdocs.structure.files import File, Files

PIN = Path(__file__).with_name("pyodide") / "package-lock.json"


def pinned(lock: Path = PIN) -> tuple[str, str]:
    """The pinned version of the npm package pyodide and its integrity hash, from npm's lock."""
    try:
        package = json.loads(lock.read_text(encoding="utf-8"))["packages"]["node_modules/pyodide"]
        return package["version"], package["integrity"]
    except (OSError, ValueError, KeyError) as error:
        raise PluginError(
            f"pyodide_runtime: {lock} does not pin the npm package pyodide ({error!r}); restore "
            "it with `npm install --package-lock-only --ignore-scripts` in its folder"
        ) from error


VERSION, INTEGRITY = pinned()
# The runtime only: the ES module the worker imports, the interpreter, its standard library and
# the lock file Pyodide reads at start-up. Not the REPL pages, type definitions or source maps.
RUNTIME = (
    "pyodide.mjs",
    "pyodide.asm.mjs",
    "pyodide.asm.wasm",
    "python_stdlib.zip",
    "pyodide-lock.json",
)
SITE_FOLDER = "assets/pyodide"
CHECKED = "checked.json"  # sha256 of each runtime file, written once the tarball passed


def runtime_folder(cache: Path, npm: str | None = None) -> Path:
    """The verified runtime files in `cache`/<VERSION>/, fetched with npm the first time."""
    folder = cache / VERSION
    if _still_verified(folder):
        return folder
    npm = npm or shutil.which("npm")
    if not npm:
        raise PluginError(
            f"pyodide_runtime: the in-page Python runtime (npm package pyodide@{VERSION}) is not "
            f"in {folder} and npm is not installed to fetch it. Install Node.js with npm "
            "(https://nodejs.org, or `apt-get install npm`) and build again."
        )
    cache.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(dir=cache, prefix="fetch-") as scratch:
        tarball = _npm_pack(npm, Path(scratch))
        actual = (
            "sha512-" + base64.b64encode(hashlib.sha512(tarball.read_bytes()).digest()).decode()
        )
        if actual != INTEGRITY:
            raise PluginError(
                f"pyodide_runtime: {tarball.name} does not match the pinned integrity hash.\n"
                f"  expected {INTEGRITY}\n  received {actual}\n"
                "Nothing was installed. If you meant to upgrade, update "
                "docs/hooks/pyodide/package-lock.json with npm."
            )
        staged = Path(scratch) / VERSION
        _extract(tarball, staged)
        shutil.rmtree(folder, ignore_errors=True)
        staged.rename(folder)  # whole or not at all: a second build never sees half a runtime
    return folder


def _npm_pack(npm: str, into: Path) -> Path:
    command = [npm, "pack", f"pyodide@{VERSION}", "--json", "--pack-destination", str(into)]
    done = subprocess.run(command, capture_output=True, text=True, timeout=600)
    if done.returncode != 0:
        raise PluginError(
            f"pyodide_runtime: `{' '.join(command[1:])}` failed ({done.returncode}):\n"
            f"{done.stderr.strip()[-2000:]}"
        )
    tarballs = sorted(into.glob("pyodide-*.tgz"))
    if len(tarballs) != 1:
        raise PluginError(f"pyodide_runtime: npm pack left {len(tarballs)} tarballs in {into}")
    return tarballs[0]


def _extract(tarball: Path, into: Path) -> None:
    into.mkdir()
    with tarfile.open(tarball) as archive:
        for name in RUNTIME:
            try:
                member = archive.extractfile(f"package/{name}")
            except KeyError:
                member = None
            if member is None:
                raise PluginError(f"pyodide_runtime: {tarball.name} has no package/{name}")
            (into / name).write_bytes(member.read())
    digests = {name: _sha256(into / name) for name in RUNTIME}
    (into / CHECKED).write_text(json.dumps({"integrity": INTEGRITY, "files": digests}, indent=1))


def _still_verified(folder: Path) -> bool:
    """The cached files are the ones that passed the integrity check (about 40 ms to hash)."""
    try:
        record = json.loads((folder / CHECKED).read_text())
        return record["integrity"] == INTEGRITY and all(
            _sha256(folder / name) == record["files"][name] for name in RUNTIME
        )
    except (OSError, ValueError, KeyError):
        return False


def _sha256(path: Path) -> str:
    with path.open("rb") as stream:
        return hashlib.file_digest(stream, "sha256").hexdigest()


def on_files(files: Files, config) -> Files:
    cache = Path(config.config_file_path).parent / ".cache" / "pyodide"
    folder = runtime_folder(cache)
    for name in RUNTIME:
        files.append(
            File(
                name,
                src_dir=str(folder),
                dest_dir=config.site_dir,
                use_directory_urls=config.use_directory_urls,
                dest_uri=f"{SITE_FOLDER}/{name}",
            )
        )
    return files
