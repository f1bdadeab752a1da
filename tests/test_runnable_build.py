"""The build side of runnable Python: the Markdown syntax is checked, the runtime pinned.

docs/hooks/runnable.py refuses a malformed block or exercise with the page, the line and what
is wrong; docs/hooks/pyodide_runtime.py installs only a runtime whose tarball matches the
pinned integrity hash, fetches it once, and says what to do when npm is missing.
"""

from __future__ import annotations

import base64
import hashlib
import html
import importlib.util
import io
import re
import subprocess
import sys
import tarfile
import textwrap
from pathlib import Path

import markdown
import pytest
from course_files import ROOT
from mkdocs.exceptions import PluginError


def hook(name: str):
    """Import a hook file from docs/hooks/ (they are not a package)."""
    spec = importlib.util.spec_from_file_location(
        f"{name}_hook", ROOT / "docs/hooks" / f"{name}.py"
    )
    module = sys.modules[spec.name] = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


runnable = hook("runnable")
runtime = hook("pyodide_runtime")

GOOD = textwrap.dedent(
    """\
    !!! question "Exercise 1: Double it (objective 1)"
        ```python exercise="double"
        def double(x):
            raise NotImplementedError("write double")
        ```

        ```python check="double"
        assert double(2) == 4, f"double(2): expected 4, got {double(2)}"
        ```

        ```python wrong="double"
        def double(x):
            return x + 2
        ```

        ??? tip "Hint 1"
            Multiply.

    ??? success "Solution"
        ```python solution="double"
        def double(x):
            return 2 * x
        ```
    """
)


def problems_of(markdown: str) -> list[str]:
    return runnable.program(markdown)[1]


def test_a_well_formed_exercise_parses_into_one_step():
    steps, problems = runnable.program("```python run\nx = 1\n```\n\n" + GOOD)
    assert problems == []
    assert [type(step).__name__ for step in steps] == ["Fence", "Exercise"]
    exercise = steps[1]
    assert exercise.id == "double" and "raise NotImplementedError" in exercise.starter
    assert exercise.checks == ['assert double(2) == 4, f"double(2): expected 4, got {double(2)}"\n']
    assert exercise.wrong == ["def double(x):\n    return x + 2\n"]
    assert exercise.solution.startswith("def double(x):\n    return 2 * x")


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (('check="double"', 'check="tripple"'), 'check="tripple" comes before (or without)'),
        (("??? tip", "??? note"), 'needs a `??? tip "Hint 1"` block'),
        (("??? success", "!!! success"), 'must sit inside a `??? success "Solution"` block'),
        (('solution="double"', 'solution="Double It"'), "solution= needs an id like"),
        (('exercise="double"', 'exersise="double"'), "unknown option ['exersise']"),
        (('```python check="double"', '```python run check="double"'), "exactly one option"),
        (("return 2 * x", "return 2 *"), "the solution block is not valid Python"),
    ],
    ids=[
        "check of no exercise",
        "no hint",
        "solution not collapsed",
        "bad id",
        "typo",
        "two kinds",
        "syntax",
    ],
)
def test_a_malformed_exercise_is_refused_with_its_line(change, message):
    broken = GOOD.replace(*change)
    assert broken != GOOD
    problems = problems_of(broken)
    assert any(message in p and p.startswith("line ") for p in problems), problems


def test_problems_name_the_line_of_the_block_and_later_blocks_are_still_read():
    page = (
        "\n```python\nplain = 0\n```\n\n"  # line 2: not ours, left alone
        '```python exersise="a"\nx = 1\n```\n\n'  # line 6
        '```python run="b"\ny = 2\n```\n\n'  # line 10
        '```python run check="c"\nw = 0\n```\n\n'  # line 14
        '```python exercise="Bad Id"\nv = 0\n```\n\n'  # line 18
        "```python run\nz = 3\n```\n"  # line 22
    )
    found, problems = runnable.fences(page)
    assert problems == [
        "line 6: unknown option ['exersise'] on a python block "
        "(runnable blocks take one of: run, exercise, check, wrong, solution)",
        'line 10: write `run` alone, not run="b"',
        "line 14: a runnable block takes exactly one option of "
        "('run', 'exercise', 'check', 'wrong', 'solution')",
        'line 18: exercise= needs an id like exercise="keys-moved"',
    ]
    assert [(fence.kind, fence.line, fence.code) for fence in found] == [("run", 22, "z = 3\n")]


def test_an_exercise_given_twice_is_refused_and_the_page_read_on():
    again = '\n```python exercise="double"\nx = 1\n```\n\n```python run\ny = 2\n```\n'
    steps, problems = runnable.program(GOOD + again)
    assert any('a second exercise="double" on the page' in p for p in problems), problems
    assert isinstance(steps[-1], runnable.Fence) and steps[-1].code == "y = 2\n"


def test_a_hint_counts_only_between_its_starter_and_its_solution():
    # A hint just above the starter, or one that belongs to the exercise before, is not this
    # exercise's hint.
    hint_above = GOOD.replace(
        '    ```python exercise="double"', '    ??? tip "Hint 0"\n\n    ```python exercise="double"'
    ).replace('??? tip "Hint 1"', '??? note "Not a hint"')
    assert 'needs a `??? tip "Hint 1"` block' in " ".join(problems_of(hint_above))
    second = GOOD.replace('"double"', '"twice"').replace("??? tip", "??? note")
    problems = problems_of(GOOD + "\n" + second)
    assert any('exercise "twice" needs a `??? tip "Hint 1"`' in p for p in problems), problems
    assert not any('exercise "double" needs' in p for p in problems), problems
    # ...nor does one that belongs to the exercise after.
    problems = problems_of(second + "\n" + GOOD)
    assert any('exercise "twice" needs a `??? tip "Hint 1"`' in p for p in problems), problems


def render(markdown_text: str) -> str:
    config = type("Config", (), {"mdx_configs": {}})()
    runnable.on_config(config)  # registers the fence with superfences, as in a build
    md = markdown.Markdown(
        extensions=["admonition", "pymdownx.details", "pymdownx.superfences"],
        extension_configs=config.mdx_configs,
    )
    return md.convert(markdown_text)


def test_each_kind_of_block_renders_as_the_page_script_expects():
    page = render("```python\nplain = 1\n```\n\n```python run\nx = 1\n```\n\n" + GOOD)
    assert page.count('<div class="highlight">') >= 1, "a plain python block stays plain"
    assert page.count('<div class="runnable" data-runnable="run">') == 1, "a run block"
    assert page.count('<div class="runnable" data-runnable="exercise" data-exercise="double">') == 1
    assert page.count('<div class="runnable-solution" data-exercise="double">') == 1
    check = re.search(
        r'<div class="runnable-check" data-exercise="double" data-code="([^"]*)" hidden>', page
    )
    assert check and "assert double(2) == 4" in html.unescape(check[1]), page
    assert page.count("data-exercise=") == 3, "the run block belongs to no exercise"


def test_an_exercise_without_checks_wrong_answer_or_solution_is_refused():
    starter_only = GOOD.split("    ```python check")[0]
    problems = problems_of(starter_only)
    assert any('has no ```python check="double"```' in p for p in problems), problems
    assert any('has no ```python wrong="double"```' in p for p in problems), problems
    assert any('has no ```python solution="double"```' in p for p in problems), problems


def test_a_wrong_answer_is_left_out_of_the_page():
    text = re.sub(r"<[^>]+>", "", render(GOOD))  # the page's text, highlighting removed
    assert "return 2 * x" in text, "the solution is not rendered"
    assert "x + 2" not in text, "the wrong answer, for the tests alone, is on the page"


def test_plain_and_titled_python_blocks_are_left_alone():
    assert runnable.program('```python\nx = (\n```\n\n```python title="a.py"\ny = 1\n```\n') == (
        [],
        [],
    )


def test_the_build_fails_naming_the_page_and_the_problem(tmp_path: Path):
    docs = tmp_path / "docs"
    docs.mkdir()
    (docs / "index.md").write_text("# Home\n\n" + GOOD.replace("??? tip", "??? note"))
    (tmp_path / "mkdocs.yml").write_text(
        textwrap.dedent(
            f"""\
            site_name: Runnable check
            theme: {{name: material}}
            markdown_extensions: [admonition, pymdownx.details, pymdownx.superfences]
            hooks: ["{ROOT / "docs/hooks/runnable.py"}"]
            """
        )
    )
    built = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "-d", str(tmp_path / "site")],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=120,
    )
    log = built.stdout + built.stderr
    assert built.returncode != 0, log
    assert "index.md: runnable Python blocks are malformed" in log, log
    assert 'exercise "double" needs a `??? tip "Hint 1"` block' in log, log


# --- The runtime: pinned, checked, fetched once ----------------------------------------------


def fake_npm(folder: Path, tarball: bytes, log: Path) -> str:
    """An `npm` that writes `tarball` where `npm pack` would, and notes each call in `log`."""
    (folder / "pyodide.tgz.bytes").write_bytes(tarball)
    script = folder / "npm"
    script.write_text(
        textwrap.dedent(
            f"""\
            #!{sys.executable}
            import pathlib, sys
            pathlib.Path({str(log)!r}).open("a").write(" ".join(sys.argv[1:]) + "\\n")
            into = pathlib.Path(sys.argv[sys.argv.index("--pack-destination") + 1])
            data = pathlib.Path({str(folder / "pyodide.tgz.bytes")!r}).read_bytes()
            (into / "pyodide-{runtime.VERSION}.tgz").write_bytes(data)
            """
        )
    )
    script.chmod(0o755)
    return str(script)


def package(files: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with tarfile.open(fileobj=buffer, mode="w:gz") as archive:
        for name, data in files.items():
            info = tarfile.TarInfo(f"package/{name}")
            info.size = len(data)
            archive.addfile(info, io.BytesIO(data))
    return buffer.getvalue()


def integrity(data: bytes) -> str:
    return "sha512-" + base64.b64encode(hashlib.sha512(data).digest()).decode()


RUNTIME_FILES = {name: f"contents of {name}".encode() for name in runtime.RUNTIME}


def test_a_tarball_that_does_not_match_the_pin_installs_nothing(tmp_path: Path):
    npm = fake_npm(tmp_path, package(RUNTIME_FILES), tmp_path / "calls")
    with pytest.raises(PluginError, match="does not match the pinned integrity hash") as error:
        runtime.runtime_folder(tmp_path / "cache", npm)
    assert runtime.INTEGRITY in str(error.value)
    assert not (tmp_path / "cache" / runtime.VERSION).exists()


def test_the_runtime_is_fetched_once_and_refetched_when_a_file_changes(tmp_path, monkeypatch):
    tarball = package(RUNTIME_FILES)
    calls = tmp_path / "calls"
    npm = fake_npm(tmp_path, tarball, calls)
    monkeypatch.setattr(runtime, "INTEGRITY", integrity(tarball))
    folder = runtime.runtime_folder(tmp_path / "cache", npm)
    assert sorted(p.name for p in folder.iterdir()) == sorted([*runtime.RUNTIME, runtime.CHECKED])
    assert f"pack pyodide@{runtime.VERSION}" in calls.read_text()
    runtime.runtime_folder(tmp_path / "cache", npm)
    assert len(calls.read_text().splitlines()) == 1, "a verified cache was fetched again"
    (folder / "pyodide.asm.wasm").write_bytes(b"tampered")
    runtime.runtime_folder(tmp_path / "cache", npm)
    assert len(calls.read_text().splitlines()) == 2, "a changed runtime file was served"
    assert (folder / "pyodide.asm.wasm").read_bytes() == RUNTIME_FILES["pyodide.asm.wasm"]


def test_a_tarball_without_a_runtime_file_is_refused(tmp_path, monkeypatch):
    tarball = package({k: v for k, v in RUNTIME_FILES.items() if k != "python_stdlib.zip"})
    monkeypatch.setattr(runtime, "INTEGRITY", integrity(tarball))
    npm = fake_npm(tmp_path, tarball, tmp_path / "calls")
    with pytest.raises(PluginError, match="has no package/python_stdlib.zip"):
        runtime.runtime_folder(tmp_path / "cache", npm)


def test_without_npm_and_without_a_cached_runtime_the_error_says_what_to_install(
    tmp_path, monkeypatch
):
    monkeypatch.setattr(runtime.shutil, "which", lambda name: None)
    with pytest.raises(PluginError, match=r"npm is not installed to fetch it\. Install Node\.js"):
        runtime.runtime_folder(tmp_path / "cache")


def test_the_pin_is_npm_s_lock_and_a_broken_lock_is_named(tmp_path: Path):
    # Dependabot upgrades the runtime by editing docs/hooks/pyodide/package-lock.json.
    assert runtime.pinned() == (runtime.VERSION, runtime.INTEGRITY)
    assert runtime.INTEGRITY.startswith("sha512-") and re.fullmatch(
        r"\d+\.\d+\.\d+", runtime.VERSION
    )
    lock = tmp_path / "package-lock.json"
    for text in ("{", '{"packages": {}}'):
        lock.write_text(text)
        with pytest.raises(PluginError, match=re.escape(str(lock))):
            runtime.pinned(lock)
