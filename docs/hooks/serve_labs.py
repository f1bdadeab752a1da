"""Under `mkdocs serve`, answer at once and execute the labs in the background.

A fresh clone has no executed lab cached (lab_cache.py), and executing every lab takes about a
minute. Under `mkdocs serve`, a lab whose executed page is not cached yet is shown without
running it, under a banner that says its outputs are on the way; one background
`mkdocs build` executes the labs into the cache, and when it ends the server rebuilds and the
open pages reload with their outputs. `mkdocs build` (the Pages workflow, the tests) always
executes every lab before it writes a page. Stopping the server stops the background build
and the kernels it started: nothing keeps running after `mkdocs serve` ends.
"""

from __future__ import annotations

import atexit
import os
import signal
import subprocess
import sys
import tempfile
import threading
from pathlib import Path

from mkdocs.plugins import event_priority, get_plugin_logger
from mkdocs_jupyter.plugin import _compute_cache_key, _get_cache_path

log = get_plugin_logger(__name__)

_serving = False
_pending: set[str] = set()  # absolute paths of the labs shown without outputs
_worker: threading.Thread | None = None
_failure: str | None = None
_build: subprocess.Popen | None = None  # the background `mkdocs build`, while it runs

BANNER = """
<div class="admonition warning lab-pending" role="status">
<p class="admonition-title">Outputs on the way</p>
<p>{message}</p>
</div>
"""


def on_startup(command, dirty):
    global _serving
    _serving = command == "serve"


def _trigger(config) -> Path:
    """A folder the server watches: a file written here makes it rebuild."""
    return Path(config.config_file_path).parent / ".cache" / "serve-labs"


def _labs(config) -> list[Path]:
    labs = Path(config.config_file_path).parent / "labs"
    return sorted(p for p in labs.rglob("*.ipynb") if ".ipynb_checkpoints" not in p.parts)


def _executed_cache(plugin, lab: Path) -> Path:
    return _get_cache_path(plugin.config["cache_dir"], _compute_cache_key(lab, plugin.config, True))


# After lab_cache.py has chosen the cache folder.
@event_priority(-10)
def on_config(config):
    plugin = config.plugins.get("mkdocs-jupyter")
    if not _serving or plugin is None or not plugin.config["cache"]:
        return config
    _pending.clear()
    _pending.update(str(lab) for lab in _labs(config) if not _executed_cache(plugin, lab).exists())
    if _pending:
        # mkdocs-jupyter matches these patterns against each notebook's absolute path.
        plugin.config["execute_ignore"] = [*plugin.config["execute_ignore"], *sorted(_pending)]
        _start_background_build(config)
    return config


def _start_background_build(config) -> None:
    global _worker, _failure
    if _worker is not None and _worker.is_alive():
        return
    if _failure is not None:
        return  # shown on the pages; a restart of `mkdocs serve` tries again
    trigger = _trigger(config)
    trigger.mkdir(parents=True, exist_ok=True)

    def execute_labs():
        global _failure, _build
        command = [sys.executable, "-m", "mkdocs", "build", "-f", config.config_file_path]
        with tempfile.TemporaryDirectory(prefix="serve-labs-") as site:
            # A process group of its own, so that stopping the server stops it with its kernels.
            _build = subprocess.Popen(
                [*command, "-d", site],
                stdout=subprocess.DEVNULL,
                stderr=subprocess.PIPE,
                text=True,
                start_new_session=True,
            )
            _, stderr = _build.communicate()
        returncode = _build.returncode
        if returncode < 0:
            return  # stopped with the server
        if returncode != 0:
            _failure = stderr.strip().splitlines()[-1] if stderr.strip() else "?"
            log.error("executing the labs in the background failed:\n%s", stderr[-3000:])
        else:
            log.info("the labs are executed: rebuilding with their outputs")
        (trigger / "done").write_text(str(returncode))

    log.info("%d lab(s) shown without outputs while they execute in the background", len(_pending))
    _worker = threading.Thread(target=execute_labs, name="serve-labs", daemon=True)
    _worker.start()


@atexit.register
def stop_background_build() -> None:
    """End the background build and its kernels (when `mkdocs serve` stops)."""
    if _build is not None and _build.poll() is None:
        os.killpg(_build.pid, signal.SIGTERM)
        try:
            _build.wait(timeout=10)
        except subprocess.TimeoutExpired:
            os.killpg(_build.pid, signal.SIGKILL)


def on_serve(server, config, builder):
    trigger = _trigger(config)
    trigger.mkdir(parents=True, exist_ok=True)
    server.watch(str(trigger))
    return server


def on_page_content(html, page, config, files):
    if page.file.abs_src_path not in _pending:
        return html
    message = (
        f"Executing the labs in the background failed ({_failure}); the terminal running "
        "<code>mkdocs serve</code> shows why. This page shows the lab without outputs."
        if _failure
        else "<code>mkdocs serve</code> is executing the labs in the background (about a "
        "minute the first time). This page shows the lab without outputs until then, and "
        "reloads with them by itself."
    )
    title_end = html.find("</h1>")
    at = title_end + len("</h1>") if title_end >= 0 else 0
    return html[:at] + BANNER.format(message=message) + html[at:]


# Before mkdocs-jupyter's own on_post_build, which deletes every cached page this build did not
# use: the executed pages the background build is writing are not used yet, but are wanted.
@event_priority(10)
def on_post_build(config):
    plugin = config.plugins.get("mkdocs-jupyter")
    if _serving and plugin is not None and plugin.config["cache"]:
        plugin._used_cache_paths.update(Path(plugin.config["cache_dir"]).glob("*.json"))
