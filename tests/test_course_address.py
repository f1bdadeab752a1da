"""The course's address is set once, in mkdocs.yml, and a fork changes it there and nowhere else.

`repo_url` and `site_url` in mkdocs.yml are the only place the repository and the site are
named; docs/hooks/course_address.py makes every other address from them (pages write
`{{ course.repo_url }}` and the like). These tests find any other copy of the address in the
repository's files and check the hook on its own; tests/test_learner_copies.py builds a fork's
site and finds no trace of the original address in it.
"""

from __future__ import annotations

import importlib.util
import re
import subprocess
import sys
from pathlib import Path
from types import SimpleNamespace
from urllib.parse import urlsplit

import pytest
from course_files import ROOT
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.structure.files import File
from mkdocs.structure.pages import Page

MKDOCS_YML = (ROOT / "mkdocs.yml").read_text(encoding="utf-8")


def setting(name: str, text: str = MKDOCS_YML) -> str:
    return re.search(rf"^{name}:\s*(\S+)", text, re.M)[1]


def address_patterns(repo_url: str, site_url: str) -> dict[str, re.Pattern]:
    """The course's address in the forms a copy takes: owner/name (GitHub, Colab and Binder
    links, the repository's name) and the site's host and path."""
    repo = urlsplit(repo_url).path.strip("/").removesuffix(".git")
    site = urlsplit(site_url)
    site = (site.netloc + site.path).rstrip("/")

    def pattern(text: str) -> re.Pattern:
        return re.compile(rf"(?<![\w.-]){re.escape(text)}(?![\w-])", re.I)

    return {repo: pattern(repo), site: pattern(site)}


def hook():
    """docs/hooks/course_address.py, imported as MkDocs imports it (the hooks are no package)."""
    sys.path.insert(0, str(ROOT / "docs" / "hooks"))
    try:
        path = ROOT / "docs" / "hooks" / "course_address.py"
        spec = importlib.util.spec_from_file_location("course_address_under_test", path)
        module = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(module)
        return module
    finally:
        sys.path.remove(str(ROOT / "docs" / "hooks"))


course_address = hook()


def config(project: Path = ROOT, **settings) -> MkDocsConfig:
    """A validated MkDocs configuration of a fork, then the hook's on_config."""
    cfg = MkDocsConfig(config_file_path=str(project / "mkdocs.yml"))
    cfg.load_dict(
        {
            "site_name": "A fork",
            "site_url": "https://teacher.github.io/data-course/",
            "repo_url": "https://github.com/teacher/data-course",
            "edit_uri": "edit/trunk/docs/",
            "docs_dir": str(ROOT / "docs"),
            **settings,
        }
    )
    errors, _ = cfg.validate()
    assert not errors, errors
    return course_address.on_config(cfg)


def render(tmp_path: Path, source: str, cfg: MkDocsConfig | None = None) -> str:
    """The hook's on_page_markdown on a page docs/page.md of a project in `tmp_path`."""
    docs = tmp_path / "docs"
    docs.mkdir(exist_ok=True)
    (docs / "page.md").write_text(source, encoding="utf-8")
    cfg = cfg or config(tmp_path, docs_dir=str(docs))
    page = Page(None, File("page.md", str(docs), str(tmp_path / "site"), True), cfg)
    page.read_source(cfg)
    return course_address.on_page_markdown(page.markdown, page=page, config=cfg, files=None)


# ---- one setting --------------------------------------------------------------------------


def test_the_course_address_is_typed_only_in_mkdocs_yml():
    patterns = address_patterns(setting("repo_url"), setting("site_url"))
    listed = subprocess.run(
        ["git", "ls-files", "--cached", "--others", "--exclude-standard", "-z"],
        cwd=ROOT,
        capture_output=True,
        check=True,
    ).stdout.decode()
    copies = []
    for name in sorted(set(listed.split("\0")) - {"", "mkdocs.yml"}):
        path = ROOT / name
        data = path.read_bytes() if path.is_file() else b"\0"
        if b"\0" in data:  # deleted, or not text
            continue
        for number, line in enumerate(data.decode("utf-8", "replace").splitlines(), 1):
            if any(pattern.search(line) for pattern in patterns.values()):
                copies.append(f"{name}:{number}: {line.strip()[:120]}")
    assert not copies, (
        f"the course's address ({', '.join(patterns)}) is typed outside mkdocs.yml, so a fork "
        "would still send learners here. In pages write {{ course.repo_url }}, "
        "{{ course.site_url }} or {{ course.repo_name }}; in hooks take it from the config "
        "(docs/hooks/course_address.py):\n" + "\n".join(copies)
    )


def test_mkdocs_yml_sets_the_repository_once():
    assert not re.search(r"^repo_name:", MKDOCS_YML, re.M), "repo_name is made from repo_url"
    hooks = re.findall(r"^  - (docs/hooks/\S+\.py)", MKDOCS_YML, re.M)
    assert hooks.index("docs/hooks/course_address.py") < hooks.index("docs/hooks/lab_panel.py")


# ---- the hook on its own ------------------------------------------------------------------


def test_placeholders_become_the_fork_s_addresses_in_text_and_code(tmp_path):
    source = (
        "---\ndescription: x\n---\n\n"
        "Clone {{ course.repo_url }} ({{course.repo_name}}), read {{ course.site_url }}.\n\n"
        "```bash\ngit clone {{ course.repo_url }}.git -b {{ course.learner_branch }}\n```\n\n"
        '```python\nprint(f"{{x}} {branch}")  # {{ course.branch }}\n```\n'
    )
    assert render(tmp_path, source) == (
        "Clone https://github.com/teacher/data-course (teacher/data-course), read "
        "https://teacher.github.io/data-course/.\n\n"
        "```bash\ngit clone https://github.com/teacher/data-course.git -b learner-copies\n```\n\n"
        '```python\nprint(f"{{x}} {branch}")  # trunk\n```\n'
    )


def test_an_unknown_placeholder_names_the_page_the_line_and_the_known_names(tmp_path):
    source = "---\ndescription: x\n---\n\nFirst line.\n\nSee {{ course.repository }}.\n"
    with pytest.raises(PluginError) as error:
        render(tmp_path, source)
    message = str(error.value)
    assert message.startswith("docs/page.md:7: unknown placeholder {{ course.repository }}")
    for name in ("repo_url", "site_url", "repo_name", "branch", "learner_branch"):
        assert f"{{{{ course.{name} }}}}" in message, message


@pytest.mark.parametrize(
    ("source", "line"),
    [
        # A front matter of 9 lines, longer than the page below it.
        ("---\n" + "".join(f"key{i}: {'x' * 30}\n" for i in range(7)) + "---\n", 12),
        ("", 3),  # no front matter: the page's first lines are blank
    ],
    ids=["long front matter", "blank first lines"],
)
def test_the_line_of_an_unknown_placeholder_is_the_line_in_the_file(tmp_path, source, line):
    page = ("One.\nTwo.\n" if source else "\n\n") + "{{ course.nothing }}\n"
    with pytest.raises(PluginError, match=rf"^docs/page.md:{line}: unknown placeholder"):
        render(tmp_path, source + page)


def test_a_page_that_is_not_markdown_is_left_as_it_is(tmp_path):
    (tmp_path / "docs").mkdir()
    cfg = config(tmp_path, docs_dir=str(tmp_path / "docs"))
    page = SimpleNamespace(file=SimpleNamespace(src_uri="labs/lab.ipynb"))
    text = "Clone {{ course.repo_url }} and {{ course.nothing }}."
    assert course_address.on_page_markdown(text, page=page, config=cfg, files=None) == text


def test_repo_name_is_made_from_repo_url_unless_mkdocs_yml_sets_it():
    assert config().repo_name == "teacher/data-course"
    assert config(repo_url="https://github.com/teacher/data-course.git/").repo_name == (
        "teacher/data-course"
    )
    assert config(repo_name="Our course").repo_name == "Our course"


def test_a_repo_url_that_is_not_on_github_stops_the_build():
    with pytest.raises(PluginError, match="repo_url 'https://gitlab.com/t/c' is not a GitHub"):
        config(repo_url="https://gitlab.com/t/c")


def test_colab_binder_and_github_links_of_a_fork():
    cfg, lab = config(), "labs/1.3-scalability/01-partitioning.ipynb"
    assert course_address.repository(cfg) == ("teacher/data-course", "trunk")
    assert course_address.colab_url(cfg, lab) == (
        "https://colab.research.google.com/github/teacher/data-course/blob/learner-copies/" + lab
    )
    assert course_address.binder_url(cfg, lab) == (
        "https://mybinder.org/v2/gh/teacher/data-course/learner-copies?labpath=" + lab
    )
    assert course_address.blob_url(cfg, "docs/contributing/templates/lab.ipynb") == (
        "https://github.com/teacher/data-course/blob/trunk/docs/contributing/templates/lab.ipynb"
    )
