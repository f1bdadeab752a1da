"""docs/hooks/content_policy.py on its own: which scripts it hashes, where it puts the policy,
what it warns about. The built site under the policy, in a browser: tests/test_content_policy.py.
"""

from __future__ import annotations

import logging
import re
import types
from pathlib import Path

import pytest
from course_files import load_hook

policy_hook = load_hook("content_policy")
META = re.compile(r'<meta http-equiv="Content-Security-Policy" content="([^"]*)">')


def directives(policy: str) -> dict[str, list[str]]:
    return {d.split()[0]: d.split()[1:] for d in policy.split(";") if d.strip()}


PAGE = """<!doctype html><html><head><meta charset="utf-8"><title>t</title>
<script>var a = 1;</script><script type="application/json">{"b": 2}</script>
<script src="x.js"></script></head><body>{body}</body></html>"""


def post_build(tmp_path: Path, caplog, *bodies: str) -> list[str]:
    for number, body in enumerate(bodies):
        (tmp_path / f"page{number}.html").write_text(PAGE.replace("{body}", body))
    policy_hook.on_startup(command="build", dirty=False)
    with caplog.at_level(logging.WARNING):
        policy_hook.on_post_build(types.SimpleNamespace(site_dir=str(tmp_path)))
    return [r.getMessage() for r in caplog.records if r.levelno >= logging.WARNING]


def test_the_hook_hashes_executable_inline_scripts_only(tmp_path: Path, caplog):
    assert post_build(tmp_path, caplog, "<p>one</p>", "<script>var c = 3;</script>") == []
    first = (tmp_path / "page0.html").read_text()
    assert first.index('<meta charset="utf-8"><meta http-equiv="Content-Security-Policy"') > 0
    script_src = directives(META.search(first)[1])["script-src"]
    expected = {policy_hook.script_hash("var a = 1;"), policy_hook.script_hash("var c = 3;")}
    assert set(script_src[1:]) == expected, "both pages' inline scripts, and no JSON or src"
    assert META.search(first)[1] == META.search((tmp_path / "page1.html").read_text())[1]


@pytest.mark.parametrize(
    ("body", "named"),
    [
        ('<button onclick="go()">Go</button>', '<button onclick="go()">'),
        ('<a href="javascript:go()">Go</a>', '<a href="javascript:go()">'),
        ('<img src=" JavaScript:go()">', "<img src="),
    ],
)
def test_markup_the_browser_would_refuse_is_a_warning_naming_the_page(
    tmp_path: Path, caplog, body: str, named: str
):
    warnings = post_build(tmp_path, caplog, "<p>fine</p>", body)
    assert len(warnings) == 1 and warnings[0].startswith("content_policy: page1.html: "), warnings
    assert named in warnings[0] and "content policy" in warnings[0], warnings


def test_a_page_without_a_head_is_a_warning_and_the_next_pages_get_the_policy(
    tmp_path: Path, caplog
):
    (tmp_path / "bare.html").write_text("<p>no head</p>")  # sorted first
    warnings = post_build(tmp_path, caplog, "<p>after it</p>")
    assert any("bare.html: no <head>" in w for w in warnings), warnings
    assert META.search((tmp_path / "page0.html").read_text()), "the page after it has no policy"


def test_the_policy_follows_the_charset_whatever_comes_after_it(tmp_path: Path, caplog):
    # A page whose next tag sorts before or after the policy's: both are written.
    for name, rest in (("a.html", "\n<title>t</title>"), ("b.html", '<meta name="x">')):
        (tmp_path / name).write_text(f'<html><head><meta charset="utf-8">{rest}</head></html>')
    assert post_build(tmp_path, caplog) == []
    for name in ("a.html", "b.html"):
        html = (tmp_path / name).read_text()
        assert html.startswith('<html><head><meta charset="utf-8"><meta http-equiv='), html


def test_a_build_that_never_said_its_command_gets_the_policy(tmp_path: Path):
    # MkDocs' Python API (mkdocs.commands.build) runs no `startup` event: build, not serve.
    fresh = load_hook("content_policy")
    (tmp_path / "page.html").write_text(PAGE.replace("{body}", ""))
    fresh.on_post_build(types.SimpleNamespace(site_dir=str(tmp_path)))
    assert META.search((tmp_path / "page.html").read_text())


def test_mkdocs_serve_gets_no_policy(tmp_path: Path, caplog):
    # Its live-reload script is inline and changes with every rebuild: no hash can allow it.
    (tmp_path / "page.html").write_text(PAGE.replace("{body}", ""))
    policy_hook.on_startup(command="serve", dirty=False)
    try:
        policy_hook.on_post_build(types.SimpleNamespace(site_dir=str(tmp_path)))
    finally:
        policy_hook.on_startup(command="build", dirty=False)
    assert "Content-Security-Policy" not in (tmp_path / "page.html").read_text()
