"""docs/hooks/html_edit.py: the parser and editor the hooks that rewrite lab pages share."""

from __future__ import annotations

import importlib
import sys
from types import SimpleNamespace

import pytest
from course_files import HOOKS


def html_edit():
    """docs/hooks/html_edit.py as the hooks import it: by name, from their folder."""
    if str(HOOKS) not in sys.path:
        sys.path.append(str(HOOKS))
    return importlib.import_module("html_edit")


def test_each_element_ends_where_a_parser_says():
    edit = html_edit()
    html = (
        '<div class="a"><div><img src="x.png"><script>if (a < b) "</div>";</script>'
        '<p>open paragraph</div><svg><path d="M0"/><path d="M1"/></svg></div>'
        '<div class="open"><div></div>'
    )
    outer, inner, never_closed, _ = edit.elements(html, "div")
    assert (
        html[outer.start : outer.end].endswith("</svg></div>") and outer.end == never_closed.start
    )
    assert html[inner.inner : inner.close].endswith("open paragraph")
    assert never_closed.classes == {"open"} and never_closed.end is None
    (img,) = edit.elements(html, "img")
    assert img.end == img.inner and img.start_tag(html) == '<img src="x.png">'
    first, second = edit.elements(html, "path")
    assert first.end == first.inner == second.start and html[second.end :].startswith("</svg>")
    assert edit.elements(html, cls="a") == [outer]


def test_setting_an_attribute_replaces_it_never_writes_it_twice():
    tag = '<img alt="a &amp; b" width="2" hidden>'
    assert html_edit().set_attributes(tag, width="4", loading="lazy") == (
        '<img alt="a &amp; b" width="4" hidden loading="lazy">'
    )


def test_edits_replace_their_spans_and_no_edit_changes_nothing():
    edit = html_edit()
    html = "<p>one</p><p>two</p>"
    assert edit.replace(html, []) == html
    assert edit.replace(html, [(13, 16, "2"), (3, 6, "1")]) == "<p>1</p><p>2</p>"
    with pytest.raises(AssertionError, match="overlapping edits at offset 4"):
        edit.replace(html, [(3, 6, "1"), (4, 5, "x")])


@pytest.mark.parametrize(("done", "expected"), [(2, 3), (4, 3), (0, 300)])
def test_a_rewrite_that_missed_or_overshot_warns(done, expected):
    warnings = []
    log = SimpleNamespace(warning=warnings.append)
    html_edit().check(log, "labs/x/", "CELL", done, expected, "code cells")
    assert warnings == [
        f"labs/x/: CELL rewrote {done} of the {expected} code cells; the HTML that "
        "mkdocs-jupyter or nbconvert write has changed: update the pattern"
    ]


def test_a_rewrite_that_matched_every_place_is_silent():
    warnings = []
    html_edit().check(SimpleNamespace(warning=warnings.append), "p", "P", 300, 300, "cells")
    assert warnings == []
