"""Open every lab page with a "Run this lab" panel: four ways to run the lab.

Download the learner copy (written next to the page by learner_copy.py), open the notebook in
Colab, launch it in Binder (.binder/ holds what Binder needs), or run one command from a
clone. Links come from `repo_url` (and the branch in `edit_uri`) in mkdocs.yml and from the
notebook's own path: nothing is typed per page. The panel goes right after the lab's title.
"""

from __future__ import annotations

import re
from html import escape
from pathlib import Path

from mkdocs.utils import get_relative_url


def repository(config) -> tuple[str, str]:
    """("owner/name", branch) of the GitHub repository named in mkdocs.yml."""
    match = re.match(r"https://github\.com/([^/]+/[^/]+?)(?:\.git)?/?$", config.repo_url or "")
    if not match:
        raise ValueError(f"mkdocs.yml: repo_url {config.repo_url!r} is not a GitHub repository")
    branch = re.match(r"(?:edit|blob)/([^/]+)/", config.edit_uri or "")
    return match[1], branch[1] if branch else "main"


def panel(page, config, files) -> str:
    repo, branch = repository(config)
    path = page.file.src_uri
    name = Path(path).name
    colab = f"https://colab.research.google.com/github/{repo}/blob/{branch}/{path}"
    binder = f"https://mybinder.org/v2/gh/{repo}/{branch}?labpath={path}"
    setup_page = files.get_file_from_path("setup.md")
    setup = get_relative_url(setup_page.url if setup_page else "setup/", page.url)
    return f"""
<div class="admonition lab-run" role="region" aria-label="Run this lab">
<p class="admonition-title">Run this lab</p>
<p>This page shows the lab as the site's build ran it. To change its parameters and run it
yourself, choose one way (<a href="{setup}">learner setup</a> has the details):</p>
<ul>
<li><a href="{escape(name)}" download>Download the notebook</a>, with the exercises open and
no reference solutions, and run it in your own Jupyter.</li>
<li><a href="{colab}">Open it in Colab</a>, in your browser on Google's machines.</li>
<li><a href="{binder}">Launch it in Binder</a>, a free temporary JupyterLab with the course's
environment (starting takes a minute or two).</li>
<li>On your machine, from a clone of the repository, with one command:</li>
</ul>
<pre><code>uv run jupyter lab {escape(path)}</code></pre>
<p>In Colab and Binder, each exercise's reference solution is the cell right after it: try
the exercise before you run that cell.</p>
</div>
"""


def on_page_content(html, page, config, files):
    if not page.file.src_uri.endswith(".ipynb"):
        return html
    title_end = html.find("</h1>")
    at = title_end + len("</h1>") if title_end >= 0 else 0
    return html[:at] + panel(page, config, files) + html[at:]
