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


def test_offsets_hold_on_every_line_and_the_innermost_element_closes_first():
    edit = html_edit()
    html = (
        "<section>\n<div id='1'>\n  <div id='2'>\n    <div id='3'><div id='4'>x</div></div>\n"
        "  </div>\n</div>\n</section>"
    )
    for element in edit.elements(html):
        assert html[element.start :].startswith(f"<{element.tag}"), element
        assert html[element.close :].startswith(f"</{element.tag}>"), element
        assert html[: element.end].endswith(f"</{element.tag}>"), element
    (span,) = edit.elements("<span><div>x</span>", "span")
    assert span.end == len("<span><div>x</span>"), "</span> closes the span, not the div"


def test_a_self_closed_void_element_does_not_close_its_parent():
    edit = html_edit()
    html = '<div><img src="a"/><p>x</p></div>'
    (div,) = edit.elements(html, "div")
    assert div.end == len(html), div


def test_setting_an_attribute_replaces_it_never_writes_it_twice():
    tag = '<img alt="a &amp; b" width="2" hidden>'
    assert html_edit().set_attributes(tag, width="4", loading="lazy") == (
        '<img alt="a &amp; b" width="4" hidden loading="lazy">'
    )


def test_edits_replace_their_spans_and_no_edit_changes_nothing():
    edit = html_edit()
    html = "<p>one</p><p>two</p>"
    assert edit.replace(html, []) == html
    assert edit.replace(html, [(13, 16, "a"), (3, 6, "b")]) == "<p>b</p><p>a</p>"
    assert edit.replace(html, [(3, 6, "1"), (6, 10, "</P>")]) == "<p>1</P><p>two</p>", "adjacent"
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
    done, expected = int("300"), 300  # equal numbers that are not the same object
    html_edit().check(SimpleNamespace(warning=warnings.append), "p", "P", done, expected, "cells")
    assert warnings == []
