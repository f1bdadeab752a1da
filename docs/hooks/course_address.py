"""Where the course lives, set once: `repo_url` and `site_url` in mkdocs.yml.

A fork changes those two lines and nothing else: every other address is made from them here,
for the header's repository name, the Colab, Binder and GitHub links (other hooks import the
functions below) and the placeholders pages write instead of an address, code blocks included:
`{{ course.repo_url }}`, `{{ course.site_url }}`, `{{ course.repo_name }}` (owner/name),
`{{ course.branch }}` (from edit_uri), `{{ course.learner_branch }}`.
tests/test_course_address.py fails on any address typed elsewhere in the repository.
"""

from __future__ import annotations

import re
from pathlib import Path
from urllib.parse import quote

from mkdocs.exceptions import PluginError
from mkdocs.plugins import event_priority

# The branch the Pages workflow fills with the labs' learner copies; Colab and Binder open it.
LEARNER_BRANCH = "learner-copies"
PLACEHOLDER = re.compile(r"\{\{\s*course\.(\w+)\s*\}\}")


def repository(config) -> tuple[str, str]:
    """("owner/name", branch) of the GitHub repository named in mkdocs.yml."""
    match = re.match(r"https://github\.com/([^/]+/[^/]+?)(?:\.git)?/?$", config.repo_url or "")
    if not match:
        raise ValueError(f"mkdocs.yml: repo_url {config.repo_url!r} is not a GitHub repository")
    branch = re.match(r"(?:edit|blob)/([^/]+)/", config.edit_uri or "")
    return match[1], branch[1] if branch else "main"


def colab_url(config, lab_path: str) -> str:
    """Colab opening the learner copy of the lab at `lab_path` (e.g. labs/1.3-x/01-y.ipynb)."""
    repo, _ = repository(config)
    path = quote(lab_path)
    return f"https://colab.research.google.com/github/{repo}/blob/{LEARNER_BRANCH}/{path}"


def binder_url(config, lab_path: str) -> str:
    """Binder launching the learner-copies branch, with the lab at `lab_path` open."""
    repo, _ = repository(config)
    return f"https://mybinder.org/v2/gh/{repo}/{LEARNER_BRANCH}?labpath={quote(lab_path)}"


def blob_url(config, path: str) -> str:
    """A file of the repository on GitHub, on the branch named by edit_uri."""
    repo, branch = repository(config)
    return f"https://github.com/{repo}/blob/{branch}/{quote(path)}"


def values(config) -> dict[str, str]:
    """What each `{{ course.NAME }}` placeholder stands for."""
    repo, branch = repository(config)
    return {
        "repo_url": f"https://github.com/{repo}",
        "site_url": config.site_url,  # MkDocs ends it with "/"
        "repo_name": repo,
        "branch": branch,
        "learner_branch": LEARNER_BRANCH,
    }


def on_config(config):
    try:
        repo, _ = repository(config)
    except ValueError as error:
        raise PluginError(str(error)) from None
    if not config.site_url:
        raise PluginError("mkdocs.yml: site_url is not set; it is the address of the course site")
    # Left out of mkdocs.yml, MkDocs names the repository "GitHub"; the header shows owner/name.
    if config.repo_name in (None, "GitHub"):
        config.repo_name = repo
    return config


# Before the other hooks read the page: they see the addresses, not the placeholders.
@event_priority(100)
def on_page_markdown(markdown: str, page, config, files):
    if not page.file.src_uri.endswith(".md") or "{{" not in markdown:
        return markdown
    known = values(config)
    unknown = next((m for m in PLACEHOLDER.finditer(markdown) if m[1] not in known), None)
    if unknown:
        raise PluginError(
            f"{_where(page, config, markdown, unknown.start())}: unknown placeholder {unknown[0]}; "
            f"known: {', '.join('{{ course.' + name + ' }}' for name in known)}"
        )
    return PLACEHOLDER.sub(lambda m: known[m[1]], markdown)


def _where(page, config, markdown: str, at: int) -> str:
    """file:line of an offset in the page's Markdown (its front matter counted)."""
    source = page.file.content_string
    front = source[: len(source) - len(markdown)] if source.endswith(markdown) else ""
    line = front.count("\n") + markdown.count("\n", 0, at) + 1
    path, root = Path(page.file.abs_src_path), Path(config.config_file_path).parent
    return f"{path.relative_to(root).as_posix() if path.is_relative_to(root) else path}:{line}"
