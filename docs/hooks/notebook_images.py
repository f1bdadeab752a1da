"""Move the plots of executed notebooks out of the HTML into image files beside the page.

nbconvert embeds every plot as a base64 `data:` URL: a third heavier than the PNG, never cached,
and downloaded before the page can render. This hook writes each one to a file named by its
content hash next to the lab's index.html and points an `<img loading="lazy">` at it, with the
image's width and height (unless nbconvert sized it already) so the page does not jump while it
loads. An embedded image it cannot move is a warning (html_edit.check).
"""

from __future__ import annotations

import base64
import hashlib
import re
import struct
from pathlib import Path

from html_edit import check, elements, replace, set_attributes  # docs/hooks/, on the path
from mkdocs.plugins import event_priority, get_plugin_logger

log = get_plugin_logger(__name__)
DATA_URL = re.compile(r"data:image/(png|jpeg|gif|webp);base64,([A-Za-z0-9+/=\s]+)")
SUFFIX = {"png": "png", "jpeg": "jpg", "gif": "gif", "webp": "webp"}


def _png_size(data: bytes) -> dict[str, str]:
    if data[:8] == b"\x89PNG\r\n\x1a\n":
        width, height = struct.unpack(">II", data[16:24])
        return {"width": str(width), "height": str(height)}
    return {}


@event_priority(-80)
def on_post_page(output: str, page, config) -> str:
    if not page.file.src_uri.endswith(".ipynb"):
        return output
    folder = Path(page.file.abs_dest_path).parent
    embedded = [
        e for e in elements(output, "img") if (e.attrs.get("src") or "").startswith("data:")
    ]
    edits = []
    for img in embedded:
        data_url = DATA_URL.fullmatch(img.attrs["src"])
        if not data_url:
            continue  # counted below
        data = base64.b64decode(data_url[2])
        name = f"plot-{hashlib.sha256(data).hexdigest()[:12]}.{SUFFIX[data_url[1]]}"
        folder.mkdir(parents=True, exist_ok=True)
        (folder / name).write_bytes(data)
        # nbconvert sizes an image whose output metadata asks for it: keep its size then.
        size = {} if {"width", "height"} & img.attrs.keys() else _png_size(data)
        attrs = {"src": name, **size, "loading": "lazy", "decoding": "async"}
        edits.append((img.start, img.inner, set_attributes(img.start_tag(output), **attrs)))
    where = page.file.src_uri
    check(log, where, "DATA_URL", len(edits), len(embedded), "images embedded as data: URLs")
    return replace(output, edits)
