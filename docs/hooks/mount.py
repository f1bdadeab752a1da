"""Mount lessons/ and labs/ into the site, and point their edit links at their real paths.

MkDocs builds from one docs_dir (docs/), but lessons and labs live in their own top-level
folders so that contributors find them. This hook adds their files to the build as if they
were under docs/, at URLs /lessons/... and /labs/...
"""

from __future__ import annotations

from pathlib import Path

from mkdocs.plugins import event_priority
from mkdocs.structure.files import File, Files

MOUNTED = ("lessons", "labs")
# labs/ also holds the labkit package and a lab's working folder: only notebooks are pages.
LAB_SUFFIXES = {".ipynb"}


def _is_published(path: Path, folder: str) -> bool:
    if any(part.startswith(".") or part == "__pycache__" for part in path.parts):
        return False
    return folder != "labs" or path.suffix in LAB_SUFFIXES


# Before plugins (default priority 0): mkdocs-jupyter must see the notebooks in on_files.
@event_priority(50)
def on_files(files: Files, config) -> Files:
    root = Path(config.config_file_path).parent
    for folder in MOUNTED:
        for path in sorted((root / folder).rglob("*")):
            relative = path.relative_to(root)
            if path.is_file() and _is_published(relative, folder):
                # The public File API with src_dir at the repository root: File.generated()
                # breaks mkdocs-jupyter, which needs abs_src_path to lie under src_dir.
                files.append(
                    File(
                        relative.as_posix(),
                        src_dir=str(root),
                        dest_dir=config.site_dir,
                        use_directory_urls=config.use_directory_urls,
                    )
                )
    return files


# After every plugin has set up the page: fix the edit link of mounted pages.
@event_priority(-50)
def on_page_context(context, page, config, nav):
    if page.edit_url and page.file.src_uri.startswith(tuple(f"{m}/" for m in MOUNTED)):
        # edit_uri ends in "docs/"; mounted files live beside docs/, not in it.
        docs_prefix = Path(config.docs_dir).name + "/"
        base = page.edit_url[: -len(page.file.src_uri)]
        page.edit_url = base.removesuffix(docs_prefix) + page.file.src_uri
    return context
