"""What a learner opens is what is tested: the labs' learner copies, wherever they are opened.

The site publishes each lab's learner copy for download (docs/hooks/learner_copy.py), and the
Pages workflow lays the same files out on the branch that Colab and Binder open
(.github/scripts/learner_copies.py). Here:

- no notebook a learner can open holds a reference solution;
- a site built for a fork (another `repo_url` and `site_url`) holds no trace of the course's
  own address, and its learner copies install the course's helpers from the fork's site;
- a copy downloaded from that site, served on loopback, runs to its end unsolved in a fresh
  virtual environment that has the labs' packages at the lowest versions pyproject.toml allows
  and not the course's helpers, with no git and no network beyond loopback.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
import tomllib
import urllib.request
import zipfile
from collections.abc import Iterator
from contextlib import ExitStack
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urljoin

import nbformat
import pytest
import yaml
from browser_support import free_port, serve
from course_files import LABS, ROOT, load_hook
from dask_cluster import CLUSTER_PARAMETERS, dask_cluster
from harness import declared_parameters, execute, prepare, small_parameters, stream_text, tags
from lab_runs import check_unsolved_run
from site_build import Build, build_site

MKDOCS = (ROOT / "mkdocs.yml").read_text()
SITE_URL = re.search(r"^site_url: (\S+)", MKDOCS, re.M)[1]
REPO_URL = re.search(r"^repo_url: (\S+)", MKDOCS, re.M)[1]
# How the course's own address can appear: its repository, with or without the host, and its site.
OLD_ADDRESSES = [
    REPO_URL.removeprefix("https://"),
    REPO_URL.removeprefix("https://github.com/"),
    SITE_URL.removeprefix("https://").rstrip("/"),
]
FORK_REPO = "https://github.com/example-teacher/data-course-2027"
SCRIPT_PATH = ROOT / ".github" / "scripts" / "learner_copies.py"


def lab_path(lab: Path) -> str:
    return lab.relative_to(ROOT).as_posix()


def learner_copies_script():
    import importlib.util

    spec = importlib.util.spec_from_file_location("learner_copies", SCRIPT_PATH)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def solution_lines(lab: Path) -> set[str]:
    """Lines that only a reference solution holds: a copy that has any of them spoils it."""
    nb = nbformat.read(lab, as_version=4)
    elsewhere = {
        line.strip() for c in nb.cells if "solution" not in tags(c) for line in c.source.split("\n")
    }
    lines = {
        line.strip()
        for cell in nb.cells
        if "solution" in tags(cell)
        for line in cell.source.split("\n")
        if not line.strip().startswith(("#", "def ", '"""'))
    }
    return {line for line in lines - elsewhere if len(line) >= 12}


def spoilers(notebook: Path) -> list[str]:
    """Why `notebook` gives a solution away: solution cells, or lines of any lab's solution."""
    nb = nbformat.read(notebook, as_version=4)
    found = [
        f"cell {i} is tagged solution" for i, c in enumerate(nb.cells) if "solution" in tags(c)
    ]
    text = "\n".join(c.source for c in nb.cells)
    for lab in LABS:
        found += [f"holds {line!r} from {lab.name}" for line in solution_lines(lab) if line in text]
    return found


# ---- the site's learner copies and the branch Colab and Binder open ----------------------


def test_each_lab_has_solution_lines_to_look_for():
    for lab in LABS:
        assert solution_lines(lab), f"{lab}: no line of its solution is distinctive enough"


def test_no_notebook_a_learner_can_open_holds_a_solution(built: Build, tmp_path: Path):
    branch = tmp_path / "branch"
    learner_copies_script().lay_out(built.site, branch)
    opened = sorted(built.site.rglob("*.ipynb")) + sorted(branch.rglob("*.ipynb"))
    assert len(opened) == 2 * len(LABS), opened
    spoiled = {str(path): why for path in opened if (why := spoilers(path))}
    assert not spoiled, f"notebooks that give a solution away: {spoiled}"


def test_spoiler_check_finds_a_solution(tmp_path: Path):
    # The check above would pass on anything if `spoilers` found nothing: feed it a solved lab.
    copy = tmp_path / LABS[0].name
    shutil.copyfile(LABS[0], copy)
    assert spoilers(copy)


@pytest.mark.parametrize("lab", LABS, ids=lambda p: p.name)
def test_site_copy_installs_the_helpers_the_site_publishes(built: Build, lab: Path):
    copy = built.site / lab.relative_to(ROOT).with_suffix("") / lab.name
    (install,) = [c for c in nbformat.read(copy, as_version=4).cells if "install" in tags(c)]
    url = re.search(r'%pip install --quiet "([^"]+)"', install.source)[1]
    assert url.startswith(SITE_URL), f"{copy}: installs from {url}, not from {SITE_URL}"
    wheel = built.site / url.removeprefix(SITE_URL)
    assert wheel.is_file(), f"{copy}: the install cell points at {url}, which the site lacks"
    with zipfile.ZipFile(wheel) as archive:
        for source in (ROOT / "labs" / "labkit").glob("*.py"):
            packed = archive.read(f"labkit/{source.name}")
            assert packed == source.read_bytes(), f"{wheel.name}: labkit/{source.name} is stale"


def test_branch_holds_the_site_copies_and_binders_environment(built: Build, tmp_path: Path):
    branch = tmp_path / "branch"
    written = learner_copies_script().lay_out(built.site, branch)
    assert sorted(written) == sorted(
        [*map(lab_path, LABS), "requirements.txt", "runtime.txt", "README.md"]
    )
    for lab in LABS:
        site_copy = built.site / lab.relative_to(ROOT).with_suffix("") / lab.name
        assert (branch / lab_path(lab)).read_bytes() == site_copy.read_bytes(), lab.name
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    wanted = {re.sub(r"\s", "", d) for d in project["dependencies"]}
    listed = (branch / "requirements.txt").read_text().split("\n")

    def normalised(requirement: str) -> str:  # "duckdb<3,>=2.0.1" and "duckdb>=2.0.1,<3" agree
        name, _, spec = re.match(r"([^<>=!~]+)(.*)", requirement.replace(" ", "")).group(1, 0, 2)
        return name + ",".join(sorted(spec.split(",")))

    assert sorted(map(normalised, filter(None, listed))) == sorted(map(normalised, wanted))
    floor = re.search(r">=\s*3\.(\d+)", project["requires-python"])[1]
    binder = re.fullmatch(r"python-3\.(\d+)\n", (branch / "runtime.txt").read_text())
    assert binder and int(binder[1]) >= int(floor), (branch / "runtime.txt").read_text()


def test_branch_layout_refuses_a_folder_that_is_not_a_built_site(tmp_path: Path):
    (tmp_path / "labs").mkdir()
    with pytest.raises(ValueError, match="no learner copy found"):
        learner_copies_script().lay_out(tmp_path, tmp_path / "out")


def test_pages_workflow_publishes_the_branch_the_lab_links_open():
    workflow = yaml.safe_load((ROOT / ".github/workflows/pages.yml").read_text())
    steps = [step for job in workflow["jobs"].values() for step in job["steps"]]
    runs = "\n".join(step.get("run", "") for step in steps)
    branch = load_hook("course_address").LEARNER_BRANCH
    assert "python .github/scripts/learner_copies.py site learner-copies" in runs
    assert f"git push --force origin {branch}" in runs, runs
    publish = next(job for job in workflow["jobs"].values() if "git push" in str(job["steps"]))
    assert publish["needs"] == "deploy", "the branch must follow the site its copies install from"
    assert publish["permissions"] == {"contents": "write"}


# ---- a fork's site, and a downloaded copy in a fresh environment -------------------------


@dataclass
class Site:
    build: Build
    url: str


@pytest.fixture(scope="module")
def fork_site(built: Build, tmp_path_factory) -> Site:
    """The course built as a fork would build it, served at its own (loopback) address."""
    port, prefix = free_port(), "/data-course-2027/"
    url = f"http://127.0.0.1:{port}{prefix}"
    scratch = tmp_path_factory.mktemp("fork")
    # The same working folder as the session's build: the labs' executed pages come from its
    # cache, since a fork changes no notebook.
    build = build_site(
        ROOT, scratch / "site", built.site.parent, {"repo_url": FORK_REPO, "site_url": url}
    )
    assert build.returncode == 0, f"the fork's build failed:\n{build.log}"
    with serve(build.site, port, prefix):
        yield Site(build, url)


def text_files(site: Path):
    for path in sorted(site.rglob("*")):
        if path.suffix == ".whl":
            with zipfile.ZipFile(path) as archive:
                for name in archive.namelist():
                    yield f"{path.name}/{name}", archive.read(name).decode("utf-8", "replace")
        elif path.is_file() and path.suffix not in {".wasm", ".zip", ".png", ".ico", ".gz"}:
            yield str(path.relative_to(site)), path.read_text("utf-8", "replace")


def test_fork_site_has_no_trace_of_the_course_address(fork_site: Site):
    traces = [
        f"{name}: {old}"
        for name, text in text_files(fork_site.build.site)
        for old in OLD_ADDRESSES
        if old in text
    ]
    assert not traces, f"the fork's site still names the course's own address: {traces[:20]}"


def test_fork_site_points_learners_at_the_fork(fork_site: Site):
    lab = LABS[0]
    page = fork_site.build.site / lab.relative_to(ROOT).with_suffix("") / "index.html"
    html = page.read_text("utf-8")
    repo = FORK_REPO.removeprefix("https://github.com/")
    assert f"colab.research.google.com/github/{repo}/blob/learner-copies/{lab_path(lab)}" in html
    assert f"mybinder.org/v2/gh/{repo}/learner-copies?labpath={lab_path(lab)}" in html
    copy = nbformat.read(page.parent / lab.name, as_version=4)
    (install,) = [c for c in copy.cells if "install" in tags(c)]
    assert f'%pip install --quiet "{fork_site.url}labs/' in install.source, install.source


@pytest.fixture(scope="module")
def floor_kernel(tmp_path_factory) -> Iterator[tuple[str, Path]]:
    """A Jupyter kernel in a fresh virtual environment: the labs' packages at their floors,
    not the course's helpers, no git on its PATH, pip allowed no package index."""
    uv = os.environ.get("UV") or shutil.which("uv")
    assert uv, "uv is needed to make the fresh environment (README: install uv)"
    scratch = tmp_path_factory.mktemp("floor")
    venv = scratch / "venv"
    subprocess.run(
        [uv, "venv", "--quiet", "--seed", "--python", sys.executable, str(venv)], check=True
    )
    python = venv / "bin" / "python"
    dependencies = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]["dependencies"]
    subprocess.run(
        [uv, "pip", "install", "--quiet", "--python", str(python), "--resolution", "lowest-direct"]
        + dependencies,
        check=True,
    )
    assert not (venv / "bin" / "git").exists()
    # A shell but no git: IPython runs `%pip` through $SHELL (or `sh` on the PATH), and a
    # machine without git still has one. Setting both keeps the run independent of the
    # caller's environment (CI may have no $SHELL).
    shell = scratch / "shell"
    shell.mkdir()
    (shell / "sh").symlink_to(shutil.which("sh"))
    kernel = scratch / "jupyter" / "kernels" / "lab-floor"
    kernel.mkdir(parents=True)
    spec = {
        "argv": [str(python), "-m", "ipykernel_launcher", "-f", "{connection_file}"],
        "display_name": "Labs at their floor versions",
        "language": "python",
        # Only the environment's own programs: no git. pip may fetch the wheel from the URL
        # the install cell names (loopback) and nothing from a package index.
        "env": {
            "PATH": os.pathsep.join([str(venv / "bin"), str(shell)]),
            "SHELL": str(shell / "sh"),
            "PIP_NO_INDEX": "1",
            "PYTHONPATH": "",
        },
    }
    (kernel / "kernel.json").write_text(json.dumps(spec))
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("JUPYTER_PATH", str(scratch / "jupyter"), prepend=os.pathsep)
        yield "lab-floor", python


def download(url: str) -> bytes:
    with urllib.request.urlopen(url, timeout=30) as response:  # loopback only
        return response.read()


@pytest.mark.parametrize("lab", LABS, ids=lambda p: p.name)
def test_downloaded_copy_runs_unsolved_to_its_end_in_a_fresh_environment(
    fork_site: Site, floor_kernel, lab: Path, tmp_path: Path
):
    kernel, python = floor_kernel
    # Every copy installs the helpers itself, not only the first one to run.
    subprocess.run(
        [str(python), "-m", "pip", "uninstall", "--yes", "--quiet", "scaling-data-engineering"],
        capture_output=True,
    )
    missing = subprocess.run([str(python), "-c", "import labkit"], capture_output=True)
    assert missing.returncode != 0, "the fresh environment already has the course's helpers"

    page_url = urljoin(fork_site.url, lab.relative_to(ROOT).with_suffix("").as_posix() + "/")
    link = re.search(r'<a href="([^"]+\.ipynb)" download>', download(page_url).decode())[1]
    path = tmp_path / "downloads" / lab.name
    path.parent.mkdir()
    path.write_bytes(download(urljoin(page_url, link)))
    nb = nbformat.read(path, as_version=4)
    run = tmp_path / "run"
    run.mkdir()
    with ExitStack() as stack:
        parameters = small_parameters(nb)
        if CLUSTER_PARAMETERS <= set(declared_parameters(nb, path)):
            # As on an instructor's cluster: `dask scheduler` and `dask worker` processes of the
            # learner's environment, and the data in a folder that the lab does not own.
            folder = tmp_path / "cluster"
            address = stack.enter_context(dask_cluster(python.with_name("dask"), folder))
            shared = folder / "shared-data"
            shared.mkdir()
            parameters |= {"SCHEDULER_ADDRESS": address, "DATA_URL": shared.as_uri()}
        executed = execute(prepare(nb, path, parameters), path, run, kernel_name=kernel)

    check_unsolved_run(nb, executed, path, run)
    if "DATA_URL" in parameters:
        printed = "\n".join(stream_text(cell) for cell in executed.cells)
        assert f"the cluster at {parameters['SCHEDULER_ADDRESS']}" in printed, printed[-2000:]
        assert parameters["DATA_URL"] in printed, "the lab does not say where its data is"
        assert not any(shared.iterdir()), f"left in DATA_URL: {list(shared.iterdir())}"
    installed = subprocess.run(
        [str(python), "-c", "import labkit; print(labkit.__file__)"], capture_output=True, text=True
    )
    assert str(python.parent.parent) in installed.stdout, "labkit did not come from the site"
