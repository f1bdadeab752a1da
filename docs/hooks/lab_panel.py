"""Open every lab page with a "Run this lab" panel: four ways to run the lab.

Download the learner copy (written next to the page by learner_copy.py), open that same copy in
Colab or Binder (from the branch the Pages workflow publishes it to), or run one command from a
clone. Every address comes from mkdocs.yml through course_address.py and from the notebook's
own path: nothing is typed per page. The panel goes right after the lab's title.
"""

from __future__ import annotations

from html import escape
from pathlib import Path

from course_address import binder_url, colab_url  # docs/hooks/, on the path of hooks
from mkdocs.exceptions import PluginError
from mkdocs.utils import get_relative_url


def panel(page, config, files) -> str:
    path = page.file.src_uri
    name = Path(path).name
    setup_page = files.get_file_from_path("setup.md")
    setup = get_relative_url(setup_page.url if setup_page else "setup/", page.url)
    return f"""
<div class="admonition lab-run" role="region" aria-label="Run this lab">
<p class="admonition-title">Run this lab</p>
<p>This page shows the lab as the site's build ran it. To change its parameters and run it
yourself, choose one way (<a href="{setup}">learner setup</a> has the details):</p>
<ul>
<li><a href="{escape(name)}" download>Download the notebook</a> and run it in your own
Jupyter.</li>
<li><a href="{escape(colab_url(config, path))}">Open it in Colab</a>, in your browser on
Google's machines.</li>
<li><a href="{escape(binder_url(config, path))}">Launch it in Binder</a>, a free temporary
JupyterLab (starting takes a minute or two).</li>
<li>On your machine, from a clone of the repository, with one command:</li>
</ul>
<pre><code>uv run jupyter lab {escape(path)}</code></pre>
<p>The download, Colab and Binder open the same notebook: the exercises are yours to do (no
reference solutions in it), and its first cell installs the course's helpers from this site.
"Run all" runs to the end and tells you which exercises are still to do.</p>
</div>
"""


def on_page_content(html, page, config, files):
    if not page.file.src_uri.endswith(".ipynb"):
        return html
    title_end = html.find("</h1>")
    if title_end < 0:  # the lab contract: the first cell names the lab in a "# " heading
        raise PluginError(f"lab_panel: {page.file.src_uri}: no <h1> title to put the panel after")
    at = title_end + len("</h1>")
    return html[:at] + panel(page, config, files) + html[at:]
