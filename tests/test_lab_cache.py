"""Executed labs are reused only when nothing their outputs depend on has changed, and
`mkdocs serve` answers before the labs have executed, saying so on their pages.

docs/hooks/lab_cache.py names mkdocs-jupyter's cache folder by a fingerprint of labkit, the
hooks, Python and the installed packages; docs/hooks/serve_labs.py shows an uncached lab
without outputs under `mkdocs serve` while a background build executes it.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import time
from pathlib import Path
from types import SimpleNamespace

import psutil
import pytest
from course_files import LABS, ROOT, load_hook
from mkdocs.config import load_config


def copy_of_inputs(tmp_path: Path) -> Path:
    project = tmp_path / "project"
    shutil.copytree(ROOT / "labs" / "labkit", project / "labs" / "labkit")
    shutil.copytree(ROOT / "docs" / "hooks", project / "docs" / "hooks")
    return project


def test_fingerprint_changes_with_labkit_and_the_hooks(tmp_path: Path):
    lab_cache = load_hook("lab_cache")
    project = copy_of_inputs(tmp_path)
    first = lab_cache.fingerprint(project)
    assert lab_cache.fingerprint(project) == first
    data = project / "labs" / "labkit" / "data.py"
    data.write_text(data.read_text() + "\n# a change to how readings are generated\n")
    second = lab_cache.fingerprint(project)
    assert second != first, "a change to labkit must not reuse executions made without it"
    hook = project / "docs" / "hooks" / "lab_workdir.py"
    hook.write_text(hook.read_text() + "\n")
    third = lab_cache.fingerprint(project)
    assert third not in {first, second}, "a hook that sets up the kernels changed"
    # A hook that only rewrites rendered pages runs after the cache: the executions stay.
    page_hook = project / "docs" / "hooks" / "notebook_markup.py"
    page_hook.write_text(page_hook.read_text() + "\n")
    assert lab_cache.fingerprint(project) == third


# Writing a variable of the environment that the build's kernels inherit.
SETS_ENVIRONMENT = re.compile(
    r"os\.environ\[[^\]]+\]\s*=|os\.environ\.(?:setdefault|update|pop)\(|os\.putenv\("
    r"|^from build_env import",
    re.M,
)


def test_every_hook_that_sets_the_kernels_environment_is_in_the_fingerprint():
    lab_cache = load_hook("lab_cache")
    hooks = sorted((ROOT / "docs" / "hooks").glob("*.py"))
    setting = {p.name for p in hooks if SETS_ENVIRONMENT.search(p.read_text(encoding="utf-8"))}
    assert {"build_env.py", "lab_workdir.py", "quiet_progress.py"} <= setting, setting
    missing = setting - set(lab_cache.KERNEL_HOOKS)
    assert not missing, (
        f"{sorted(missing)} set the environment the labs' kernels inherit: add them to "
        "KERNEL_HOOKS in docs/hooks/lab_cache.py, or a change to them reuses stale outputs"
    )
    assert all((ROOT / "docs" / "hooks" / name).is_file() for name in lab_cache.KERNEL_HOOKS)


def test_fingerprint_changes_with_an_installed_package(monkeypatch, tmp_path: Path):
    lab_cache = load_hook("lab_cache")
    project = copy_of_inputs(tmp_path)
    before = lab_cache.fingerprint(project)
    real = lab_cache.metadata.distributions

    def one_more():
        yield from real()
        yield SimpleNamespace(metadata={"Name": "pandas"}, version="0.0.1")

    monkeypatch.setattr(lab_cache.metadata, "distributions", one_more)
    assert lab_cache.fingerprint(project) != before


@pytest.fixture
def config(tmp_path: Path, monkeypatch):
    monkeypatch.setenv("COURSE_CACHE_DIR", str(tmp_path / "cache"))
    return load_config(str(ROOT / "mkdocs.yml"))


def test_cache_folder_is_named_by_the_fingerprint_and_old_ones_go(config, tmp_path: Path):
    lab_cache = load_hook("lab_cache")
    root = tmp_path / "cache" / "mkdocs-jupyter"
    current = root / lab_cache.fingerprint(ROOT)
    assert re.fullmatch(r"[0-9a-f]{16}", current.name), current.name
    (current / "lab.ipynb").mkdir(parents=True)  # executed earlier with these very inputs
    # Other fingerprints' folders, last used 1 to 4 days ago, named to sort on both sides of
    # this one's.
    others = [root / f"{age:016x}" for age in (1, 2)] + [
        root / f"{age:x}".rjust(16, "f") for age in (3, 4)
    ]
    for age, other in enumerate(others, start=1):
        other.mkdir()
        os.utime(other, (time.time() - age * 86_400,) * 2)
    os.utime(current, (time.time() - 9 * 86_400,) * 2)  # used again now, whatever its age
    old_entry, kept_files = root / "lab.ipynb.json", [root / "README.txt", root / "notes.html"]
    old_entry.write_text("{}")  # mkdocs-jupyter's own cache entries, from before this hook
    for other in kept_files:  # suffixes that sort after and before ".json"
        other.write_text("kept")
    lab_cache.on_config(config)
    folder = Path(config.plugins["mkdocs-jupyter"].config["cache_dir"])
    assert folder == current and (current / "lab.ipynb").exists(), "these inputs' folder stays"
    kept = others[: lab_cache.KEEP_OTHERS]
    assert lab_cache.KEEP_OTHERS >= 1 and all(other.exists() for other in kept), (
        "the most recently used folders of other fingerprints stay (another environment's)"
    )
    assert not any(other.exists() for other in others[lab_cache.KEEP_OTHERS :]), "older go"
    assert not old_entry.exists(), "the old cache entries go"
    assert all(other.exists() for other in kept_files), "other files stay"
    # The next build in another environment finds this one's folder among the most recent.
    folders = [p for p in root.iterdir() if p.is_dir()]
    assert max(folders, key=lambda p: p.stat().st_mtime) == current


def test_a_build_without_mkdocs_jupyters_cache_is_left_alone(config, tmp_path: Path):
    plugin = config.plugins["mkdocs-jupyter"]
    plugin.config["cache"] = False
    before = plugin.config.get("cache_dir")
    load_hook("lab_cache").on_config(config)
    assert plugin.config.get("cache_dir") == before
    assert not (tmp_path / "cache").exists()


def test_without_a_cache_root_the_cache_lies_in_the_project(config, monkeypatch, tmp_path):
    monkeypatch.delenv("COURSE_CACHE_DIR", raising=False)
    # A project in tmp_path, so that no cache folder of this checkout is touched.
    config.config_file_path = str(tmp_path / "mkdocs.yml")
    lab_cache = load_hook("lab_cache")
    lab_cache.on_config(config)
    folder = Path(config.plugins["mkdocs-jupyter"].config["cache_dir"])
    assert folder == tmp_path / ".cache" / "mkdocs-jupyter" / lab_cache.fingerprint(tmp_path)


def test_serve_shows_uncached_labs_without_outputs_and_says_so(config, monkeypatch):
    serve_labs = load_hook("serve_labs")
    load_hook("lab_cache").on_config(config)
    started = []
    monkeypatch.setattr(serve_labs, "_start_background_build", started.append)
    serve_labs.on_startup("serve", dirty=False)
    try:
        serve_labs.on_config(config)
        ignored = config.plugins["mkdocs-jupyter"].config["execute_ignore"]
        assert sorted(ignored) == sorted(map(str, LABS)), "an empty cache: every lab waits"
        assert started == [config], "one background build executes them"
        page = SimpleNamespace(file=SimpleNamespace(abs_src_path=str(LABS[0])))
        html = serve_labs.on_page_content("<h1>Lab</h1><p>x</p>", page, config, None)
        assert html.index("</h1>") < html.index("Outputs on the way") < html.index("<p>x")
    finally:
        serve_labs.on_startup("build", dirty=False)
        serve_labs._pending.clear()


def test_build_always_executes(config, monkeypatch):
    serve_labs = load_hook("serve_labs")
    monkeypatch.setattr(serve_labs, "_start_background_build", pytest.fail)
    serve_labs.on_startup("build", dirty=False)
    serve_labs.on_config(config)
    assert config.plugins["mkdocs-jupyter"].config["execute_ignore"] == []


def test_stopping_the_server_stops_the_background_build_and_what_it_started(monkeypatch):
    # A stand-in for the background `mkdocs build`: a process group of its own, with a child
    # (as its kernels are), both of which must end when the server stops.
    serve_labs = load_hook("serve_labs")
    spawn = "import subprocess, sys, time; subprocess.Popen(['sleep', '60']); time.sleep(60)"
    build = subprocess.Popen([sys.executable, "-c", spawn], start_new_session=True)
    try:
        deadline = time.monotonic() + 10
        while not (children := psutil.Process(build.pid).children()):
            assert time.monotonic() < deadline, "the stand-in started no child"
            time.sleep(0.05)
        monkeypatch.setattr(serve_labs, "_build", build)
        serve_labs.stop_background_build()
        assert build.poll() is not None, "the background build still runs"
        psutil.wait_procs(children, timeout=5)
        assert not any(c.is_running() for c in children), "a process it started still runs"
    finally:
        build.kill()
        build.wait()
