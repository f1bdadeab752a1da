"""Prune a stylesheet to the rules a set of pages can use (a helper of notebook_css.py).

A rule is kept when every class its selector names (outside :not() and the like) occurs in the
pages; a custom property is kept while some kept rule reads it with var(). No dependency: the
CSS that nbconvert and mkdocs-jupyter write is plain, minified CSS.
"""

from __future__ import annotations

import re


def _rules(css: str) -> list[tuple[str, str]]:
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
    return rules


def prune(css: str, used: set[str]) -> str:
    def keep_selector(selector: str) -> bool:
        bare = re.sub(r":(not|where|is|has)\([^)]*\)", "", selector)
        return set(re.findall(r"\.([\w-]+)", bare)) <= used

    out = []
    for prelude, body in _rules(css):
        if prelude.startswith(("@media", "@supports")):
            inner = prune(body, used)
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


def drop_unread_properties(css: str, read: set[str] | None = None) -> str:
    """Remove `--name: value` declarations that no var(--name) reads, until none is left."""
    while read is None:
        pruned = drop_unread_properties(css, set(re.findall(r"var\(\s*(--[\w-]+)", css)))
        if pruned == css:
            return css
        css = pruned
    out = []
    for prelude, body in _rules(css):
        if prelude.startswith("@") and "{" in body:
            inner = drop_unread_properties(body, read)
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
