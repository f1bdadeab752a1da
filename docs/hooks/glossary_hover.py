"""Show a glossary term's definition on hover, wherever the term appears.

docs/glossary.md (a definition list) is the only place a definition is written. This hook
reads it once per build and appends Markdown abbreviations (`*[term]: definition`, the `abbr`
extension) to every other Markdown page, so the term renders as <abbr title="definition">.
Abbreviations never apply inside code, and headings are left alone (see headings_untouched).
A term carries its definition where a page first uses it, as links go on Wikipedia: not at
each of its 164 mentions in lesson 1.3, which underlined half the page and added 19 KB to it
(once per h2 section still cost 13 KB). The glossary page has every definition.

Term forms: "Horizontal scaling (scaling out)" gives "Horizontal scaling", "horizontal scaling"
and "scaling out"; "Infrastructure as code (IaC)" also gives "IaC". A one-word term with a
one-word note, "Partition (network)", names a sense: it gives "network partition".
"""

from __future__ import annotations

import re
from pathlib import Path

GLOSSARY = "glossary.md"
# A definition list entry: the term on its own line, then ":   definition" and indented lines.
ENTRY = re.compile(r"^(?P<term>\S[^\n]*)\n:\s+(?P<body>[^\n]*(?:\n(?: {4}|\t)[^\n]*)*)", re.M)
HEADING = re.compile(r"(<h([1-6])\b[^>]*>)(.*?)(</h\2>)", re.S)
ABBR = re.compile(r'<abbr title="(?P<title>[^"]*)">(?P<text>.*?)</abbr>', re.S)

_cache: dict[str, object] = {}


def plain(markdown: str) -> str:
    """A definition as one line of text for a title attribute: no emphasis marks or links."""
    text = re.sub(r"\[([^\]]*)\]\([^)]*\)", r"\1", markdown)
    text = re.sub(r"[*_`]", "", text)
    return " ".join(text.split()).replace('"', "'")


def forms(term: str) -> list[str]:
    """The spellings under which a glossary term is recognised in running text."""
    match = re.fullmatch(r"(?P<base>[^(]+?)\s*\((?P<note>[^)]+)\)", term)
    if not match:
        names = [term]
    elif " " not in match["base"] and " " not in match["note"] and match["note"].islower():
        names = [f"{match['note']} {match['base'].lower()}"]  # a sense: "network partition"
    else:
        names = [match["base"], match["note"]]
    spelled = []
    for name in names:
        spelled.append(name)
        first_word = name.split()[0]
        if first_word[0].isupper() and first_word[1:].islower():  # not "IaC" or "CAP"
            spelled.append(name[0].lower() + name[1:])  # "Sharding" in a sentence: "sharding"
    return list(dict.fromkeys(spelled))


def abbreviations(docs_dir: str) -> str:
    """The `*[term]: definition` block for every glossary term, cached by the file's mtime."""
    path = Path(docs_dir) / GLOSSARY
    stamp = path.stat().st_mtime_ns
    if _cache.get("stamp") != stamp:
        text = path.read_text(encoding="utf-8")
        lines = [
            f"*[{name}]: {plain(entry['body'])}"
            for entry in ENTRY.finditer(text)
            for name in forms(entry["term"].strip())
        ]
        _cache.update(stamp=stamp, block="\n".join(lines))
    return _cache["block"]


def on_page_markdown(markdown, page, config, files):
    src = page.file.src_uri
    if src == GLOSSARY or not src.endswith(".md"):
        return markdown  # the glossary defines the terms; notebooks are not Markdown
    return f"{markdown}\n\n{abbreviations(config.docs_dir)}\n"


def headings_untouched(html: str) -> str:
    """Headings stay plain text: a tooltip in a title or the table of contents only distracts."""
    return HEADING.sub(lambda m: m[1] + ABBR.sub(r"\g<text>", m[3]) + m[4], html)


def first_use_only(html: str) -> str:
    """Keep the first <abbr> of each definition on the page; later ones become plain text."""
    seen: set[str] = set()

    def first(m: re.Match) -> str:
        if m["title"] in seen:
            return m["text"]
        seen.add(m["title"])
        return m[0]

    return ABBR.sub(first, html)


def on_page_content(html, page, config, files):
    if not page.file.src_uri.endswith(".md"):
        return html
    return first_use_only(headings_untouched(html))
