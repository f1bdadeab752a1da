"""Read and edit a page's HTML element by element (helper of the hooks that rewrite lab pages).

A regular expression that stops matching after an upgrade of mkdocs-jupyter or nbconvert changes
nothing and says nothing. So the hooks read elements with html.parser, as Material's privacy
plugin does: `elements()` gives each element's tag, attributes and where it starts and ends (the
element that ends here, found by a parser, not by counting `<div>`s by hand); `set_attributes()`
edits one start tag, so an attribute is set once, never written twice; `check()` warns, naming
the hook, the page and the pattern, when a rewrite changed another number of places than the
page has. With `strict: true` MkDocs then fails the build and lists every miss at once.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass
from html import escape
from html.parser import HTMLParser

VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "wbr"}


# Compared by identity (no mutation: no hook compares or hashes two elements, so eq=True,
# which compares fields, gives the same results).
@dataclass(eq=False)  # pragma: no mutate
class Element:
    tag: str
    attrs: dict[str, str | None]
    start: int  # its "<"
    inner: int  # just past its start tag
    close: int | None = None  # the "<" of its end tag (`inner` for a void element)
    end: int | None = None  # just past its end tag; None: never closed

    @property
    def classes(self) -> set[str]:
        return set((self.attrs.get("class") or "").split())

    def start_tag(self, html: str) -> str:
        return html[self.start : self.inner]

    def text(self, html: str) -> str:
        return html[self.inner : self.close]


class _Parser(HTMLParser):
    def __init__(self, html: str):
        # Text is left as written; only tag positions are read, which either setting gives alike.
        super().__init__(convert_charrefs=False)  # pragma: no mutate
        self.html, self.found, self.open = html, [], []
        self.lines = [0, *(m.end() for m in re.finditer("\n", html))]  # getpos() counts "\n"

    def _offset(self) -> int:
        line, column = self.getpos()
        return self.lines[line - 1] + column

    def handle_starttag(self, tag, attrs):
        start = self._offset()
        element = Element(tag, dict(attrs), start, start + len(self.get_starttag_text()))
        self.found.append(element)
        if tag in VOID:
            element.close = element.end = element.inner
        else:
            self.open.append(element)

    def handle_startendtag(self, tag, attrs):  # <path ... />: ends where it starts
        self.handle_starttag(tag, attrs)
        element = self.found[-1]
        # `==` is `is` for elements (eq=False); `or` is what the tests catch.
        if self.open and self.open[-1] is element:
            self.open.pop()
        element.close = element.end = element.inner

    def handle_endtag(self, tag):
        at = self._offset()
        open_ = self.open
        if open_ and open_[-1].tag == tag:  # the usual case, and the parse's hottest line
            depth = len(open_) - 1
        else:
            depth = next((d for d in reversed(range(len(open_))) if open_[d].tag == tag), None)
            if depth is None:
                return  # an end tag that closes nothing, as a browser ignores it
        for element in self.open[depth:]:  # children left open (a <p>) end with their parent
            element.close = element.end = at
        self.open[depth].end = self.html.index(">", at) + 1
        del self.open[depth:]


def _read(html: str) -> tuple[Element, ...]:
    parser = _Parser(html)
    parser.feed(html)
    parser.close()
    return tuple(parser.found)


# Hooks ask several questions of one page, and under `mkdocs serve` every rebuild hands them the
# same lab pages again: a parse is kept for each page version the hooks saw (about 2 MB each).
_parse = functools.lru_cache(maxsize=64)(_read)  # pragma: no mutate (a size, not a result)


def elements(html: str, tag: str | None = None, cls: str | None = None) -> list[Element]:
    """The elements of `html` with this tag and this class, in document order."""
    return [e for e in _parse(html) if tag in (None, e.tag) and (cls is None or cls in e.classes)]


def set_attributes(start_tag: str, **values: str) -> str:
    """One start tag (`<img src="x">`) with these attributes set: replaced where it has them."""
    element = _read(start_tag)[0]  # pragma: no mutate (one tag: [0] and [-1] are the same)
    attrs = {**element.attrs, **values}
    text = "".join(f" {k}" if v is None else f' {k}="{escape(v)}"' for k, v in attrs.items())
    return f"<{element.tag}{text}>"


def replace(html: str, edits: list[tuple[int, int, str]]) -> str:
    """`html` with each (start, end, text) replaced; the spans must not overlap."""
    parts, at = [], 0
    for start, end, text in sorted(edits, key=lambda edit: edit[0]):
        assert start >= at, f"overlapping edits at offset {start}"
        parts += [html[at:start], text]
        at = end
    return "".join([*parts, html[at:]])


def check(log, where: str, pattern: str, done: int, expected: int, what: str) -> None:
    """Warn when a rewrite changed `done` places where the page has `expected` of them."""
    if done != expected:
        log.warning(
            f"{where}: {pattern} rewrote {done} of the {expected} {what}; the HTML that "
            "mkdocs-jupyter or nbconvert write has changed: update the pattern"
        )
