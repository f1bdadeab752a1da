"""The hooks that rewrite mkdocs-jupyter's pages do so, and say so when they cannot.

A small notebook is rendered by the installed mkdocs-jupyter and nbconvert, with mkdocs.yml's
options, and handed through the hooks as a build would: every rewrite applies and no hook
warns. (CI's lowest leg runs this file too, at the lowest versions pyproject.toml allows.) Then
the same page with one pattern changed, as an upgrade could change it: the hook that depends on
it warns (a failed build under `strict: true`), naming itself, the page and the pattern, or
refuses the page with a PluginError. And docs/hooks/README.md lists the pipeline as MkDocs
really runs it.
"""

from __future__ import annotations

import base64
import inspect
import logging
import os
import re
import struct
import zlib
from pathlib import Path
from types import SimpleNamespace

import nbformat
import pytest
from course_files import ROOT, load_hook
from mkdocs.config import load_config
from mkdocs.exceptions import PluginError

SRC_URI = "labs/test/01-test.ipynb"
SOLUTION = "ANSWER = 6 * 7"


def png(width: int, height: int) -> bytes:
    """A valid PNG of one colour, without an imaging library."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))

    rows = b"".join(b"\0" + b"\x80" * width for _ in range(height))
    header = struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(rows))


def notebook() -> nbformat.NotebookNode:
    """A lab in miniature, with the outputs an executed lab has: text, a pandas table, a plot."""
    import pandas as pd

    table = pd.DataFrame({"rows": [10, 20]}, index=pd.Index(["a", "b"], name="shard"))
    nb = nbformat.v4.new_notebook()
    nb.metadata.update(
        kernelspec={"name": "python3", "display_name": "Python 3", "language": "python"},
        widgets={"application/vnd.jupyter.widget-state+json": {"state": {}, "version_major": 2}},
    )

    def code(source, outputs=(), tags=()):
        cell = nbformat.v4.new_code_cell(source, outputs=list(outputs), execution_count=1)
        cell.metadata["tags"] = list(tags)
        return cell

    nb.cells = [
        nbformat.v4.new_markdown_cell("# A test lab\n\nWhat the learner will see."),
        code("import labkit", tags=["install"]),
        code(
            "for shard in range(3):\n    print(f'shard {shard}: {rows[shard]} rows')",
            [nbformat.v4.new_output("stream", name="stdout", text="shard 0: 1250 rows\n")],
        ),
        nbformat.v4.new_markdown_cell("## Results"),
        code(
            "table",
            [
                nbformat.v4.new_output(
                    "execute_result",
                    execution_count=1,
                    data={"text/html": table._repr_html_(), "text/plain": str(table)},
                )
            ],
        ),
        code(
            "plt.show()",
            [
                nbformat.v4.new_output(
                    "display_data",
                    data={
                        "image/png": base64.b64encode(png(4, 3)).decode(),
                        "text/plain": "<Figure>",
                    },
                )
            ],
        ),
        code(SOLUTION, tags=["solution"]),
    ]
    return nb


@pytest.fixture(scope="module")
def config():
    # Not strict: at the lowest versions allowed, an option mkdocs.yml sets may be unknown.
    return load_config(str(ROOT / "mkdocs.yml"), strict=False)


@pytest.fixture(scope="module")
def rendered(config, tmp_path_factory) -> tuple[Path, str]:
    """(notebook, its HTML) as mkdocs-jupyter renders it with mkdocs.yml's options."""
    from mkdocs_jupyter import convert

    path = tmp_path_factory.mktemp("lab") / "01-test.ipynb"
    nbformat.write(notebook(), path)
    accepted = inspect.signature(convert.nb2html).parameters
    options = {k: v for k, v in config.plugins["mkdocs-jupyter"].config.items() if k in accepted}
    return path, convert.nb2html(str(path), **{**options, "execute": False})


def lab_page(source: Path, site: Path, content: str) -> SimpleNamespace:
    url = SRC_URI.removesuffix(".ipynb") + "/"
    file = SimpleNamespace(
        src_uri=SRC_URI, abs_src_path=str(source), abs_dest_path=str(site / url / "index.html")
    )
    return SimpleNamespace(file=file, url=url, content=content)


def build_page(config, page) -> str:
    """The page through the hooks that rewrite a lab's HTML, in the build's order."""
    search = load_hook("search_index")
    page.content = load_hook("lab_solutions").on_page_content(page.content, page, config, None)
    search._hand_search_a_copy({}, page, config, None)
    page.search_text = page.content
    search._give_the_page_its_content_back({}, page, config, None)
    output = f"<!doctype html><html><body><article>{page.content}</article></body></html>"
    for name in ("notebook_images", "notebook_markup", "notebook_css", "notebook_js"):
        output = load_hook(name).on_post_page(output, page, config)
    return output


def hook_warnings(caplog) -> list[str]:
    """What the hooks logged as warnings (MkDocs counts them under `strict: true`)."""
    return [
        r.getMessage()
        for r in caplog.records
        if r.name.startswith("mkdocs.plugins.") and r.levelno >= logging.WARNING
    ]


def test_the_hooks_rewrite_what_the_installed_mkdocs_jupyter_writes(
    config, rendered, tmp_path, caplog
):
    source, html = rendered
    page = lab_page(source, tmp_path, html)
    output = build_page(config, page)
    assert not hook_warnings(caplog), hook_warnings(caplog)
    # notebook_images: the plot is a file beside the page, sized once.
    (img,) = re.findall(r"<img[^>]*>", output)
    plot = re.search(r'src="(plot-\w+\.png)"', img)
    assert plot and (tmp_path / page.url / plot[1]).is_file(), img
    assert img.count(" width=") == img.count(" height=") == 1, img
    # notebook_markup: each code block focusable, sized, carrying its copy button's id.
    blocks = re.findall(r'<div class="highlight-ipynb[^>]*><pre [^>]*>', output)
    buttons = re.findall(r'<clipboard-copy[^>]* for="(cell-\d+)"', output)
    assert len(blocks) == len(buttons) == 5, blocks
    assert all('tabindex="0"' in b and "contain-intrinsic-height:auto" in b for b in blocks)
    assert [re.search(r'id="(cell-\d+)"', b)[1] for b in blocks] == buttons
    assert '<span class="k">for</span>' in output and '<span class="n">' not in output
    dropped = ["clipboard-copy-txt", "<svg", "<th></th>", 'src=""', "MathJax.Hub", "mermaid.esm"]
    for gone in [*dropped, "addWidgetsRenderer"]:
        assert gone not in output, f"{gone} is still in the page"
    # notebook_css and notebook_js: styles and copy scripts are shared files now.
    assert "<style" not in output
    link = '<link rel="stylesheet" href="../../../assets/stylesheets/notebook.css">'
    assert link + '\n<div class="jupyter-wrapper">' in output
    assert '<script src="../../../assets/javascripts/notebook.js">' in output
    assert "ClipboardCopyElement" not in output
    # lab_solutions and search_index.
    assert output.count('<details class="success lab-solution">') == 1
    assert "1250 rows" in output and "1250 rows" not in page.search_text
    # The search copy keeps the code's words without the highlighter's token tags.
    assert '<span class="k">for</span>' in page.content
    assert 'class="k"' not in page.search_text and re.search(r"<pre[^>]*>for ", page.search_text)


def change(name: str, old: str, new: str, warns: str | None = None, shows: str | None = None):
    """The rendered notebook with `old` made `new`, as an upgrade could change it.

    warns: "hook: message", the warning expected (a regex, after the page's name);
    shows: a regex the page must still match (a change the hook handles, without warning).
    """
    return pytest.param(old, new, warns, shows, id=name)


CHANGES = [
    change(
        "code block renamed",
        'class="highlight-ipynb',
        'class="highlight-nb',
        r"notebook_markup: div\.highlight-ipynb > pre rewrote 0 of the 5 code cells",
    ),
    change(
        "Pygments CSS without its prefix",
        ".highlight-ipynb .",
        ".highlight .",
        "notebook_markup: the notebook CSS colours no",
        shows='<span class="n">table</span>',
    ),
    change(
        "copy source renamed",
        "clipboard-copy-txt",
        "clipboard-copy-text",
        r"notebook_markup: div\.clipboard-copy-txt rewrote 0 of the 5",
    ),
    change(
        "token span with an attribute",
        '<span class="k">',
        '<span class="k" data-x="1">',
        r"notebook_markup: TOKEN rewrote \d+ of the \d+ Pygments token spans",
    ),
    change(
        "code block with an attribute",
        'hl-python">',
        'hl-python" data-lang="py">',
        shows='data-lang="py" tabindex="0"><pre style="contain-intrinsic-height:auto 1lh" id=',
    ),
    change(
        "MathJax configuration with an attribute",
        'mathjax-config">',
        'mathjax-config" defer>',
        "notebook_markup: MATHJAX rewrote 1 of the 2 such scripts",
    ),
    change(
        "Mermaid loader with an attribute",
        'type="module">',
        'type="module" async>',
        "notebook_markup: MERMAID rewrote 0 of the 1 such scripts",
    ),
    change(
        "widget loader reformatted",
        "(function() {\n  function addWidgets",
        "(function () {\n  function addWidgets",
        "notebook_markup: WIDGET_LOADER rewrote 0 of the 1 such scripts",
    ),
    change(
        "empty table header with a class", "<th></th>", '<th class="blank"></th>', shows="<td></td>"
    ),
    change(
        "plot embedded as SVG",
        "data:image/png;base64,",
        "data:image/svg+xml;base64,",
        "notebook_images: DATA_URL rewrote 0 of the 1 images embedded",
    ),
    change(
        "plot sized by nbconvert",
        'src="data:image/png',
        'width="2" src="data:image/png',
        shows=r'<img [^>]*width="2" src="plot-\w+\.png" loading="lazy" decoding="async">',
    ),
    change(
        "notebook wrapper with another class",
        '"jupyter-wrapper"',
        '"jupyter-wrapper jp-Theme"',
        shows='notebook\\.css">\n<div class="jupyter-wrapper jp-Theme">',
    ),
    change(
        "notebook wrapper renamed",
        '"jupyter-wrapper"',
        '"jupyter-root"',
        r"notebook_css: div\.jupyter-wrapper rewrote 0 of the 1",
    ),
    change(
        "style block in capitals",
        '<style type="text/css">',
        '<STYLE type="text/css">',
        r"notebook_css: STYLE rewrote \d+ of the \d+ <style> blocks",
    ),
    change(
        "copy listener with an attribute",
        "<script>\n      document.addEventListener('clip",
        "<script defer>\n      document.addEventListener('clip",
        "notebook_js: COPY_SCRIPTS rewrote 0 of the 2 copy scripts",
    ),
    change(
        "outputs renamed",
        "jp-Cell-outputWrapper",
        "jp-Cell-outputsWrapper",
        "search_index: 3 of the 3 cell outputs are outside the divs cut for search",
    ),
    change(
        "solution tag renamed",
        "celltag_solution",
        "celltag-solution",
        r"lab_solutions: div\.jp-Cell\.celltag_solution rewrote 0 of the 1 solution cells",
    ),
]


@pytest.mark.parametrize(("old", "new", "warns", "shows"), CHANGES)
def test_a_changed_pattern_is_a_warning_naming_hook_page_and_pattern(
    config, rendered, tmp_path, caplog, old, new, warns, shows
):
    source, html = rendered
    assert old in html, f"the rendered notebook has no {old!r} to change"
    output = build_page(config, lab_page(source, tmp_path, html.replace(old, new)))
    logged = hook_warnings(caplog)
    if warns:
        hook, message = warns.split(": ", 1)
        expected = f"{hook}: {re.escape(SRC_URI)}: {message}"
        assert any(re.match(expected, line) for line in logged), f"{expected} not in {logged}"
    else:
        assert not logged, logged
    if shows:
        assert re.search(shows, output), f"{shows!r} is not in the page"


@pytest.mark.parametrize(
    ("hook", "event", "change", "error"),
    [
        (
            "search_index",
            "_hand_search_a_copy",
            '<div class="jp-Cell-outputWrapper">',
            r'search_index: .*: the <div class="jp-Cell-outputWrapper"> at offset \d+ is never',
        ),
        (
            "lab_solutions",
            "on_page_content",
            '<div class="jp-Cell celltag_solution">',
            r"lab_solutions: .*: a solution cell's <div> is never closed",
        ),
        ("lab_panel", "on_page_content", None, r"lab_panel: .*: no <h1> title"),
    ],
    ids=["search_index", "lab_solutions", "lab_panel"],
)
def test_a_hook_refuses_a_page_it_cannot_read(
    config, rendered, tmp_path, hook, event, change, error
):
    source, html = rendered
    html = html + change + "<pre>never closed</pre>" if change else html.replace("h1", "h2")
    page = lab_page(source, tmp_path, html)
    arguments = ({}, page, config, None) if event.startswith("_") else (html, page, config, None)
    with pytest.raises(PluginError, match=error.replace(".*", re.escape(SRC_URI))):
        getattr(load_hook(hook), event)(*arguments)


def test_theme_css_warns_when_material_stylesheets_are_not_where_it_looks(tmp_path, caplog):
    styles = tmp_path / "assets" / "stylesheets"
    styles.mkdir(parents=True)
    (styles / "main.min.css").write_text(".md-typeset{color:red}")  # no hash in the name
    (styles / "palette.0123abcd.min.css").write_text("[data-md-color-primary=indigo]{--x:1}")
    (tmp_path / "index.html").write_text(
        '<link rel="stylesheet" href="assets/stylesheets/main.min.css">'
        '<link rel="stylesheet" href="assets/stylesheets/palette.0123abcd.min.css">'
        '<body data-md-color-primary="indigo"><div class="md-typeset"></div></body>'
    )
    load_hook("theme_css").on_post_build(SimpleNamespace(site_dir=str(tmp_path), theme={}))
    assert hook_warnings(caplog) == [
        "theme_css: assets/stylesheets: THEME_CSS rewrote 1 of the 2 theme stylesheets; the HTML "
        "that mkdocs-jupyter or nbconvert write has changed: update the pattern"
    ]
    assert "palette.0123abcd" not in (tmp_path / "index.html").read_text(), "not relinked"


# ---- environment variables set for a build, and put back after it ---------------------------


@pytest.mark.parametrize("earlier", ["0", None], ids=["set before", "unset before"])
@pytest.mark.parametrize("ending", ["on_post_build", "on_build_error"])
@pytest.mark.parametrize(
    ("hook", "start", "variable"),
    [
        ("quiet_progress", "on_config", "TQDM_DISABLE"),
        ("lab_workdir", "on_pre_build", "LABKIT_WORK_ROOT"),
    ],
    ids=["quiet_progress", "lab_workdir"],
)
def test_a_hook_puts_back_the_environment_it_set_for_the_build(
    monkeypatch, hook, start, variable, ending, earlier
):
    if earlier is None:
        monkeypatch.delenv(variable, raising=False)
    else:
        monkeypatch.setenv(variable, earlier)
    module = load_hook(hook)
    getattr(module, start)(SimpleNamespace())
    assert os.environ.get(variable) not in (None, earlier), f"{hook} did not set {variable}"
    getattr(module, ending)(SimpleNamespace())
    module.on_build_error(SimpleNamespace())  # strict mode's abort follows on_post_build
    assert os.environ.get(variable) == earlier
