"""Prune a stylesheet to the rules a set of pages can use (helper of notebook_css, theme_css).

A rule is kept when every class its selector names (outside :not() and the like) occurs in the
pages, and every `[attribute=value]` it tests for a watched attribute has a value the pages set;
a custom property is kept while some kept rule, or a reader outside the file, reads it. No
dependency: the CSS that nbconvert, mkdocs-jupyter and Material ship is plain, minified CSS.
"""

from __future__ import annotations

import functools
import re


@functools.lru_cache(maxsize=128)  # the same stylesheets come back at every rebuild of `serve`
def _rules(css: str) -> tuple[tuple[str, str], ...]:
    """Top-level (prelude, body) pairs; nested blocks (@media) stay whole in body."""
    rules, depth, start, prelude = [], 0, 0, ""
    for i, char in enumerate(css):
        if char == "{":
            if depth == 0:
                prelude, start = css[start:i].strip(), i + 1
            depth += 1
        elif char == "}":
            depth -= 1
            if depth == 0:
                rules.append((prelude, css[start:i]))
                start = i + 1
        elif char == ";" and depth == 0:
            start = i + 1  # @charset / @import statements: dropped
    return tuple(rules)


def prune(css: str, used: set[str], values: dict[str, set[str]] | None = None) -> str:
    """Keep the rules whose classes are all `used`; `values` maps an attribute to the values
    the pages give it (a selector testing another value is dropped)."""
    values = values or {}

    def keep_selector(selector: str) -> bool:
        bare = re.sub(r":(not|where|is|has)\([^)]*\)", "", selector)
        tested = re.findall(r"\[([\w-]+)=['\"]?([\w-]+)['\"]?\]", bare)
        return set(re.findall(r"\.([\w-]+)", bare)) <= used and all(
            value in values[name] for name, value in tested if name in values
        )

    out = []
    for prelude, body in _rules(css):
        if prelude.startswith(("@media", "@supports")):
            inner = prune(body, used, values)
            if inner:
                out.append(f"{prelude}{{{inner}}}")
        elif prelude.startswith("@"):
            out.append(f"{prelude}{{{body}}}")
        else:
            selectors = [s for s in _split(prelude, ",") if keep_selector(s.strip())]
            if selectors:
                out.append(f"{','.join(selectors)}{{{body}}}")
    return "".join(out)


def _split(body: str, separator: str = ";") -> list[str]:
    """Split at the separators outside brackets and quotes (data: URLs, :is(a, b) selectors)."""
    parts, depth, quote, start = [], 0, "", 0
    for i, char in enumerate(body):
        if quote:
            quote = "" if char == quote else quote
        elif char in "\"'":
            quote = char
        elif char in "([":
            depth += 1
        elif char in ")]":
            depth -= 1
        elif char == separator and depth == 0:
            parts.append(body[start:i])
            start = i + 1
    return [p for p in [*parts, body[start:]] if p.strip()]


def var_reads(css: str) -> set[str]:
    """The custom properties a stylesheet reads with var()."""
    return set(re.findall(r"var\(\s*(--[\w-]+)", css))


def drop_unread_properties(css: str, also_read: set[str] = frozenset()) -> str:
    """Remove `--name: value` declarations that no var(--name) reads, until none is left.

    `also_read`: properties read from outside this stylesheet (other stylesheets, scripts).
    """
    while True:
        pruned = _drop_unread(css, var_reads(css) | also_read)
        if pruned == css:
            return css
        css = pruned


def _drop_unread(css: str, read: set[str]) -> str:
    out = []
    for prelude, body in _rules(css):
        if prelude.startswith("@") and "{" in body:
            inner = _drop_unread(body, read)
        else:
            kept = [
                d
                for d in _split(body)
                if d.split(":")[0].strip() in read or not d.strip().startswith("--")
            ]
            inner = ";".join(kept)
        if inner.strip():
            out.append(f"{prelude}{{{inner}}}")
    return "".join(out)
