"""Move the plots of executed notebooks out of the HTML into image files beside the page.

nbconvert embeds every plot as a base64 `data:` URL: a third heavier than the PNG, never cached,
and downloaded before the page can render. This hook writes each one to a file named by its
content hash next to the lab's index.html and points an `<img loading="lazy">` at it, with the
image's width and height so the page does not jump while it loads.
"""

from __future__ import annotations

import base64
import hashlib
import re
import struct
from pathlib import Path

from mkdocs.plugins import event_priority

DATA_IMG = re.compile(r'<img([^>]*?)\ssrc="data:image/(png|jpeg);base64,([^"]+)"([^>]*)>')


def _png_size(data: bytes) -> tuple[int, int] | None:
    if data[:8] == b"\x89PNG\r\n\x1a\n":
        return struct.unpack(">II", data[16:24])
    return None


@event_priority(-80)
def on_post_page(output: str, page, config) -> str:
    if not page.file.src_uri.endswith(".ipynb"):
        return output
    folder = Path(page.file.abs_dest_path).parent

    def externalise(match: re.Match) -> str:
        before, kind, encoded, after = match.groups()
        data = base64.b64decode(encoded)
        name = f"plot-{hashlib.sha256(data).hexdigest()[:12]}.{'png' if kind == 'png' else 'jpg'}"
        folder.mkdir(parents=True, exist_ok=True)
        (folder / name).write_bytes(data)
        size = _png_size(data)
        dims = f' width="{size[0]}" height="{size[1]}"' if size else ""
        return f'<img{before} src="{name}"{dims} loading="lazy" decoding="async"{after}>'

    return DATA_IMG.sub(externalise, output)
