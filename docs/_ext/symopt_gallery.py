"""Copy ``notebooks/*.ipynb`` into the docs source as the gallery (a small Sphinx extension).

The notebooks live in ``notebooks/`` (the suite executes them there,
``tests/test_notebooks.py``); the site renders them with their stored outputs
and never executes them (``nb_execution_mode = "off"``).  At ``builder-inited``
each notebook is copied to ``docs/gallery/notebooks/`` when its text changed,
and copies of notebooks that no longer exist are removed, so the gallery
always holds exactly the notebooks of the repository.
"""

from __future__ import annotations

import shutil
from pathlib import Path

GALLERY_DIR = Path("gallery") / "notebooks"


def notebooks(repo: Path) -> list[Path]:
    return sorted((repo / "notebooks").glob("*.ipynb"))


def sync(srcdir: Path) -> list[Path]:
    repo = srcdir.parent
    out = srcdir / GALLERY_DIR
    out.mkdir(parents=True, exist_ok=True)
    sources = notebooks(repo)
    names = {nb.name for nb in sources}
    for stale in out.glob("*.ipynb"):
        if stale.name not in names:
            stale.unlink()
    copied = []
    for nb in sources:
        target = out / nb.name
        if not target.exists() or target.read_bytes() != nb.read_bytes():
            shutil.copyfile(nb, target)
        copied.append(target)
    return copied


def _on_builder_inited(app) -> None:
    sync(Path(app.srcdir))


def setup(app):
    app.connect("builder-inited", _on_builder_inited)
    return {"version": "1", "parallel_read_safe": True, "parallel_write_safe": True}
