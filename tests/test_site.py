"""The site builds strictly, contains every lesson and lab, and loads nothing from outside."""

from __future__ import annotations

import importlib.util
import json
import re
import shutil
import subprocess
from html.parser import HTMLParser
from pathlib import Path

import nbformat
import pytest
from course_files import LABS, ROOT
from site_build import Build, build_site

LESSONS = sorted((ROOT / "lessons").rglob("*.md"))
SOURCES = ["docs", "lessons", "labs"]  # the folders the build reads


def page(build: Build, source: Path) -> Path:
    """The built HTML file of a source page (directory URLs: x/y.md -> x/y/index.html)."""
    relative = source.relative_to(ROOT / "docs" if source.is_relative_to(ROOT / "docs") else ROOT)
    stem = relative.with_suffix("")
    folder = stem.parent if stem.name == "index" else stem
    html = build.site / folder / "index.html"
    assert html.is_file(), f"{source.relative_to(ROOT)} has no page in the built site ({html})"
    return html


def test_build_is_strict_and_clean(built: Build):
    # Kernels print their own "[IPKernelApp] WARNING" lines; MkDocs warnings start "WARNING -".
    assert not re.search(r"^WARNING\s+-", built.log, re.M), built.log


@pytest.mark.parametrize("source", LESSONS + LABS, ids=lambda p: str(p.relative_to(ROOT)))
def test_every_lesson_and_lab_is_built(built: Build, source: Path):
    page(built, source)


class _Images(HTMLParser):
    """The <img> sources of a page, and how many image outputs nbconvert rendered in it."""

    def __init__(self):
        super().__init__()
        self.sources: list[str] = []
        self.outputs = 0

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "img":
            self.sources.append(attrs.get("src") or "")
        self.outputs += "jp-RenderedImage" in (attrs.get("class") or "").split()


@pytest.mark.parametrize("lab", LABS, ids=lambda p: str(p.relative_to(ROOT)))
def test_lab_page_shows_executed_outputs(built: Build, lab: Path):
    built_page = page(built, lab)
    html = built_page.read_text(encoding="utf-8")
    assert html.count("jp-OutputArea-output") >= 3, f"{lab.name}: the page shows no cell outputs"
    assert "@jupyter-widgets" not in html, f"{lab.name}: a progress bar widget is on the page"
    # A plot is a file that docs/hooks/notebook_images.py wrote beside the page (not "<svg" or
    # "data:image": every page has SVG icons, and the hook removes every data: image): one per
    # image output, and at least one per plt.show() in the lab's code.
    images = _Images()
    images.feed(html)
    plot = re.compile(r"plot-[0-9a-f]{12}\.(png|jpg)")
    plots = [s for s in images.sources if plot.fullmatch(s) and (built_page.parent / s).is_file()]
    cells = json.loads(lab.read_text(encoding="utf-8"))["cells"]
    shows = sum("".join(c["source"]).count("plt.show()") for c in cells if c["cell_type"] == "code")
    assert len(plots) == images.outputs >= shows >= 1, (
        f"{lab.name}: {len(plots)} plot files shown, {images.outputs} image outputs, "
        f"{shows} plt.show() calls in the lab"
    )


@pytest.mark.parametrize("lab", LABS, ids=lambda p: str(p.relative_to(ROOT)))
def test_search_indexes_lab_code_but_not_its_outputs(built: Build, lab: Path):
    html = page(built, lab).read_text(encoding="utf-8")
    url = str(page(built, lab).parent.relative_to(built.site)) + "/"
    index = json.loads((built.site / "search/search_index.json").read_text(encoding="utf-8"))
    text = " ".join(d["text"] for d in index["docs"] if d["location"].startswith(url))
    # Every line of its code is searchable (not only the word "import", which prose may hold);
    # lines with characters the index escapes are left out.
    cells = json.loads(lab.read_text())["cells"]
    lines = [
        re.sub(r"\s+", " ", line.strip())
        for cell in cells
        if cell["cell_type"] == "code"
        for line in "".join(cell["source"]).splitlines()
        if len(line.strip()) >= 20 and not re.search(r"[<>&\"']", line)
    ]
    searchable = re.sub(r"\s+", " ", text)
    unsearchable = [line for line in lines if line not in searchable]
    assert lines and not unsearchable, f"{lab.name}: code not searchable: {unsearchable[:3]}"
    outputs = re.findall(r'class="[^"]*jp-OutputArea-output[^>]*>\s*<pre>([^<\n]{20,})', html)
    assert outputs, f"{lab.name}: no printed output found to check"
    code = "".join("".join(c["source"]) for c in cells)
    indexed = [line for line in outputs if line.strip() in text and line.strip() not in code]
    assert not indexed, f"{lab.name}: cell outputs in the search index: {indexed[:3]}"
    assert "Copied!" not in text, f"{lab.name}: the copy buttons' notice is in the search index"


@pytest.mark.parametrize(
    ("source", "edit_path"),
    [
        (ROOT / "docs" / "index.md", "docs/index.md"),
        *[(p, str(p.relative_to(ROOT))) for p in LESSONS + LABS],
    ],
    ids=lambda v: str(v.relative_to(ROOT)) if isinstance(v, Path) else "",
)
def test_edit_link_points_at_the_real_source(built: Build, source: Path, edit_path: str):
    html = page(built, source).read_text(encoding="utf-8")
    edits = re.findall(r'href="([^"]+/edit/[^"]+)"', html)
    assert edits, f"{source.name}: no edit link"
    assert all(link.endswith("/edit/main/" + edit_path) for link in edits), edits


class _Resources(HTMLParser):
    """Collects every URL a page loads by itself (not the links a reader may follow)."""

    LOADED = {
        ("script", "src"),
        ("img", "src"),
        ("iframe", "src"),
        ("source", "src"),
        ("video", "src"),
        ("audio", "src"),
        ("link", "href"),
    }

    def __init__(self):
        super().__init__()
        self.urls: list[str] = []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "link" and attrs.get("rel") in {"canonical", "alternate", "prev", "next"}:
            return
        for t, attribute in self.LOADED:
            if tag == t and attrs.get(attribute):
                self.urls.append(attrs[attribute])


def test_no_page_loads_anything_from_another_host(built: Build):
    external, loaded = {}, 0
    for html in built.site.rglob("*.html"):
        parser = _Resources()
        parser.feed(html.read_text(encoding="utf-8"))
        loaded += len(parser.urls)
        remote = [u for u in parser.urls if re.match(r"^(https?:)?//", u)]
        css_imports = re.findall(r"@import\s+url\((['\"]?)(https?:)?//", html.read_text("utf-8"))
        if remote or css_imports:
            external[str(html.relative_to(built.site))] = remote or ["@import in inline CSS"]
    assert loaded, "no page loads anything: the check found no resource to look at"
    assert not external, f"pages load resources from other hosts: {json.dumps(external, indent=1)}"


def test_a_failing_lab_cell_fails_the_build(built: Build, tmp_path: Path):
    project = tmp_path / "project"
    for part in SOURCES:
        shutil.copytree(ROOT / part, project / part, ignore=shutil.ignore_patterns("*-lab-data"))
    # mkdocs.yml and the files pages include or the build packs (CONTRIBUTING.md, LICENSE.md,
    # pyproject.toml and README.md for the labs' helper wheel), with LICENSES/ they name.
    for path in ROOT.iterdir():
        if path.is_file() and not path.name.startswith(".") and path.name != "uv.lock":
            shutil.copy(path, project / path.name)
    shutil.copytree(ROOT / "LICENSES", project / "LICENSES")
    # The other labs' executions come from the build cache (docs/hooks/lab_cache.py): only the
    # broken lab executes. The in-page Python runtime comes from the one the session's build
    # verified (docs/hooks/pyodide_runtime.py checks it again), not from npm once more.
    (project / ".cache").mkdir()
    (project / ".cache" / "pyodide").symlink_to(ROOT / ".cache" / "pyodide")

    broken = project / LABS[0].relative_to(ROOT)
    nb = json.loads(broken.read_text())
    first_code = next(i for i, c in enumerate(nb["cells"]) if c["cell_type"] == "code")
    nb["cells"].insert(
        first_code,
        {
            "cell_type": "code",
            "id": "deliberately-broken",
            "metadata": {},
            "execution_count": None,
            "outputs": [],
            "source": "raise RuntimeError('deliberately broken cell')",
        },
    )
    broken.write_text(json.dumps(nb))

    build = build_site(project, tmp_path / "site", tmp_path)
    assert build.returncode != 0, "a lab with a failing cell built without error"
    assert "deliberately broken cell" in build.log, build.log[-3000:]


def test_the_build_leaves_the_repository_as_it_found_it(built: Build):
    """No file appears in the source folders: no lab data, no executed copy, no cache."""
    git = shutil.which("git")
    if not git or not (ROOT / ".git").exists():
        pytest.skip("not a git checkout")
    status = subprocess.run(
        [git, "status", "--porcelain", "--ignored", "--untracked-files=all", "--", *SOURCES],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
    )
    created = [line for line in status.stdout.splitlines() if line[:2] in ("??", "!!")]
    assert not created, f"files appeared in the sources during the tests' build: {created[:20]}"


def test_a_lab_built_by_the_site_shows_no_progress_bar_and_writes_beside_no_source(tmp_path):
    """The hooks alone keep progress bars out of the pages (quiet_progress.py) and a lab's
    files out of the folder the notebook lives in (lab_workdir.py): nothing in this process's
    environment stands in for them (tests/site_build.py drops what they set)."""
    project = tmp_path / "project"
    (project / "docs" / "labs").mkdir(parents=True)
    (project / "docs" / "index.md").write_text("# Home\n")
    lab = nbformat.v4.new_notebook()
    lab.cells = [
        nbformat.v4.new_markdown_cell("# A lab"),
        nbformat.v4.new_code_cell(PROGRESS_AND_FILES),
    ]
    nbformat.write(lab, project / "docs" / "labs" / "lab.ipynb")
    hooks = [ROOT / "docs/hooks/quiet_progress.py", ROOT / "docs/hooks/lab_workdir.py"]
    (project / "mkdocs.yml").write_text(
        "site_name: Hooks check\n"
        "theme: {name: material}\n"
        "plugins: [{mkdocs-jupyter: {execute: true, allow_errors: false}}]\n"
        f"hooks: {json.dumps([str(hook) for hook in hooks])}\n"
    )
    build = build_site(project, tmp_path / "site", tmp_path)
    assert build.returncode == 0, build.log[-3000:]
    html = (tmp_path / "site" / "labs" / "lab" / "index.html").read_text(encoding="utf-8")
    assert "files written: 3" in html, "the lab did not run in the build"
    # A bar is a widget where ipywidgets is installed (as here), else text on stderr.
    bar = [mark for mark in ("@jupyter-widgets", '"model_id"', "3/3", "it/s") if mark in html]
    assert not bar, f"a progress bar was saved into the page (found {bar})"
    beside = sorted(p.name for p in (project / "docs" / "labs").iterdir())
    assert beside == ["lab.ipynb"], f"the build's lab wrote beside its notebook: {beside}"


# A lab's first cell, as the labs write it: a bar they let TQDM_DISABLE switch off, and a file
# in its working folder, kept (not cleaned up) so the test can see where it went.
PROGRESS_AND_FILES = """\
import os

from tqdm.auto import tqdm

import labkit

work = labkit.fresh_workdir("scratch-lab-data")
for i in tqdm(range(3), disable=os.environ.get("TQDM_DISABLE") == "1"):
    (work / f"part-{i}.txt").write_text("x")
print("files written:", len(list(work.glob("part-*"))))
"""


def test_theme_stylesheets_keep_only_what_the_site_uses(built: Build):
    # docs/hooks/theme_css.py prunes Material's stylesheets after the build.
    shipped = {p.name.split(".")[0]: p for p in built.site.glob("assets/stylesheets/*.min.css")}
    assert set(shipped) == {"main", "palette"}, shipped
    material = Path(importlib.util.find_spec("material").origin).parent
    originals = []
    for name, path in shipped.items():
        (original,) = material.glob(f"templates/assets/stylesheets/{name}.*.min.css")
        originals.append(original.name)
        assert path.name != original.name, f"{name}: the pruned file kept Material's name"
        assert path.stat().st_size < 0.9 * original.stat().st_size, f"{name}: not pruned"
    css = "".join(p.read_text(encoding="utf-8") for p in shipped.values())
    folder = material / "templates" / "assets" / "stylesheets"
    theirs = "".join((folder / o).read_text(encoding="utf-8") for o in originals)
    # Classes only Material's scripts add, and the palette that mkdocs.yml picks, are kept:
    # those of the installed Material (.md-tooltip2, for one, is not in 9.5.0, the lowest).
    must_keep = [".md-search-result__item", ".md-tooltip2--active", ".md-dialog--active",
                 ".md-typeset .admonition", "[data-md-color-primary=indigo]",
                 "[data-md-color-scheme=slate]", "--md-default-fg-color--light:"]  # fmt: skip
    present = [kept for kept in must_keep if kept in theirs]
    assert len(present) >= len(must_keep) - 1, f"Material's CSS has only {present}"
    for kept in present:
        assert kept in css, f"the pruned theme CSS lost {kept}"
    assert "[data-md-color-primary=red]" not in css, "colours the site never uses are kept"
    assert not list(built.site.glob("assets/stylesheets/*.map")), "stale source maps are shipped"
    for html in built.site.rglob("*.html"):
        text = html.read_text(encoding="utf-8")
        assert not [o for o in originals if o in text], f"{html} links Material's unpruned CSS"
