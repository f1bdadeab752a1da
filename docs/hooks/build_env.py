"""An environment variable set for one build and put back after it (not a hook: hooks use it).

The kernels that mkdocs-jupyter starts inherit this process's environment, so a hook passes
settings to the labs through variables. `mkdocs serve` goes on running in the same process, so
each variable gets back the value it had before the build, whether the build succeeded or failed
(as markdown-exec does).
"""

from __future__ import annotations

import os


class BuildVariable:
    def __init__(self, name: str):
        self.name = name
        self._earlier: list[str | None] = []  # the value before the build, while one is set

    def set(self, value: str) -> None:
        if not self._earlier:  # a second set in one build keeps the value from before it
            self._earlier.append(os.environ.get(self.name))
        os.environ[self.name] = value

    def restore(self) -> None:
        """Safe to call twice: strict mode's abort runs on_build_error after on_post_build."""
        if not self._earlier:
            return
        earlier = self._earlier.pop()
        if earlier is None:
            os.environ.pop(self.name, None)
        else:
            os.environ[self.name] = earlier
