"""The documentation site: it builds without a warning, every public name and every notebook is
in it, every internal link resolves, its examples run, and its install lines install this project.

The site is built once per test session with Sphinx, warnings as errors, into a temporary folder
(``make docs`` builds the same into ``docs/_build/html``).  Notebooks are rendered with their
stored outputs, not executed (``tests/test_notebooks.py`` executes them).
"""

from __future__ import annotations

import doctest
import functools
import html.parser
import importlib
import os
import pathlib
import pkgutil
import re
import subprocess
import sys
import urllib.parse
import zlib

import pytest

ROOT = pathlib.Path(__file__).resolve().parent.parent
DOCS = ROOT / "docs"
GENERATED = ("_build", "api", "jupyter_execute", "gallery/notebooks")

sphinx = pytest.importorskip("sphinx", reason="the docs tools are in the test extra: make test installs them")


def _hand_written_pages() -> list[pathlib.Path]:
    pages = []
    for path in sorted(DOCS.rglob("*.md")):
        rel = path.relative_to(DOCS).as_posix()
        if not any(rel == g or rel.startswith(g + "/") for g in GENERATED):
            pages.append(path)
    return pages


@pytest.fixture(scope="module")
def site(tmp_path_factory) -> pathlib.Path:
    out = tmp_path_factory.mktemp("site")
    env = dict(os.environ, MPLBACKEND="Agg")
    cmd = [sys.executable, "-m", "sphinx", "-W", "--keep-going", "-q", "-b", "html",
           "-d", str(out / "doctrees"), str(DOCS), str(out / "html")]
    proc = subprocess.run(cmd, cwd=ROOT, env=env, capture_output=True, text=True, timeout=600)
    assert proc.returncode == 0 and "WARNING" not in proc.stderr and "ERROR" not in proc.stderr, (
        f"the docs build failed or warned (exit {proc.returncode}):\n{proc.stderr[-6000:]}")
    return out / "html"


def test_site_builds_without_warnings(site):
    assert (site / "index.html").is_file()
    assert (site / "objects.inv").is_file()


# ---------------------------------------------------------------------------- API reference


def _public_modules() -> dict[str, object]:
    """Every importable module of symopt with no private path component, declaring ``__all__``.

    Written here independently of docs/_ext/symopt_apigen.py, which generates the pages."""
    import symopt

    found = {"symopt": symopt}
    for info in pkgutil.walk_packages(symopt.__path__, "symopt.", onerror=lambda _name: None):
        if any(part.startswith("_") for part in info.name.split(".")[1:]):
            continue
        found[info.name] = importlib.import_module(info.name)
    return {name: mod for name, mod in found.items() if hasattr(mod, "__all__")}


def _inventory(site: pathlib.Path) -> dict[str, str]:
    """The Python objects of the site's ``objects.inv`` (Sphinx's inventory format v2), name -> page."""
    raw = (site / "objects.inv").read_bytes()
    header_end = 0
    for _ in range(4):
        header_end = raw.index(b"\n", header_end) + 1
    assert raw.startswith(b"# Sphinx inventory version 2")
    entries = {}
    for line in zlib.decompress(raw[header_end:]).decode().splitlines():
        m = re.match(r"(.+?)\s+(py:\w+)\s+(-?\d+)\s+(\S*)\s+(.*)", line)
        if m:
            entries[m.group(1)] = m.group(4).replace("$", m.group(1))
    return entries


@functools.lru_cache(maxsize=1)
def _targets() -> dict[tuple[str, str], str]:
    """The full name under which the generator describes each public name (docs/_ext/symopt_apigen.py)."""
    sys.path.insert(0, str(DOCS / "_ext"))
    try:
        apigen = importlib.import_module("symopt_apigen")
    finally:
        sys.path.pop(0)
    return {(e.module, e.name): e.target for entries in apigen.public_api().values() for e in entries}


def _resolve(full_name: str) -> object:
    """The object a full name denotes: an attribute of its parent module (``symopt.pep.closed_form``
    is the function, although a submodule has the same name), else a module."""
    parent, _, last = full_name.rpartition(".")
    try:
        return getattr(importlib.import_module(parent), last)
    except (ImportError, AttributeError):
        return importlib.import_module(full_name)


def test_public_names_are_listed():
    modules = _public_modules()
    names = [(m, n) for m, mod in modules.items() for n in mod.__all__]
    # symopt.__all__ and the main subpackages' names are all there (the walk found them)
    assert set(importlib.import_module("symopt").__all__) <= {n for m, n in names if m == "symopt"}
    for expected in ("symopt.optimizers", "symopt.pep", "symopt.theory", "symopt.convexity", "symopt.testing"):
        assert expected in modules, expected
    assert len(names) > 200


def test_every_public_name_has_an_api_entry(site):
    inventory = _inventory(site)
    modules = _public_modules()
    missing = []
    for mod_name, module in modules.items():
        page = site / "api" / f"{mod_name}.html"
        if not page.is_file():
            missing.append(f"{mod_name}: no page")
            continue
        text = page.read_text()
        for name in module.__all__:
            target = _targets().get((mod_name, name))
            if target is None:
                missing.append(f"{mod_name}.{name}: not generated")
                continue
            if target not in inventory:
                missing.append(f"{mod_name}.{name}: {target} is not described")
                continue
            # the object described at home is the object this module exports
            if _resolve(target) is not getattr(module, name):
                missing.append(f"{mod_name}.{name}: {target} is another object")
            # and this module's page describes it or links to it
            anchors = (f'id="{target}"', f'#{target}"', f'#module-{target}"')
            if not any(anchor in text for anchor in anchors):
                missing.append(f"{mod_name}.{name}: not on {page.name}")
    assert not missing, "public names missing from the API reference:\n" + "\n".join(missing)


# ---------------------------------------------------------------------------- gallery


def test_every_notebook_is_in_the_gallery(site):
    index = (site / "gallery" / "index.html").read_text()
    notebooks = sorted((ROOT / "notebooks").glob("*.ipynb"))
    assert len(notebooks) >= 10
    for nb in notebooks:
        page = site / "gallery" / "notebooks" / f"{nb.stem}.html"
        assert page.is_file(), f"{nb.name} is not rendered"
        assert f'href="notebooks/{nb.stem}.html"' in index, f"{nb.name} is not linked from the gallery"
    # rendered with the outputs stored in the notebook (an image or a rendered cell output)
    tour = (site / "gallery" / "notebooks" / "tour.html").read_text()
    assert "cell_output" in tour and ("<img" in tour or "output text_html" in tour)


# ---------------------------------------------------------------------------- internal links


class _Links(html.parser.HTMLParser):
    def __init__(self):
        super().__init__()
        self.links: list[str] = []
        self.ids: set[str] = set()

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        for key in ("id", "name"):
            if attrs.get(key):
                self.ids.add(attrs[key])
        for key in ("href", "src"):
            if attrs.get(key) and tag in ("a", "img", "link", "script", "source", "iframe"):
                self.links.append(attrs[key])


def test_internal_links_resolve(site):
    pages = {p: _Links() for p in site.rglob("*.html")}
    for path, parser in pages.items():
        parser.feed(path.read_text(errors="replace"))
    broken = []
    checked = 0
    for path, parser in pages.items():
        for link in parser.links:
            parts = urllib.parse.urlsplit(link)
            if parts.scheme or link.startswith("//"):
                continue                       # external: not checked here (no network)
            target = path if not parts.path else (path.parent / urllib.parse.unquote(parts.path)).resolve()
            if target.is_dir():
                target = target / "index.html"
            checked += 1
            if not target.exists():
                broken.append(f"{path.relative_to(site)}: {link} (no such file)")
            elif parts.fragment and target.suffix == ".html":
                ids = pages[target].ids if target in pages else set()
                if urllib.parse.unquote(parts.fragment) not in ids:
                    broken.append(f"{path.relative_to(site)}: {link} (no such anchor)")
    assert checked > 1000
    assert not broken, f"{len(broken)} broken internal links:\n" + "\n".join(broken[:50])


# ---------------------------------------------------------------------------- examples and install lines


def _blocks(path: pathlib.Path):
    text = path.read_text()
    for m in re.finditer(r"```python\n(.*?)```", text, re.S):
        if ">>>" in m.group(1):
            yield text[: m.start()].count("\n") + 2, m.group(1)


EXAMPLES = [(p, line, block) for p in _hand_written_pages() for line, block in _blocks(p)]


def test_the_guide_has_examples():
    assert len(EXAMPLES) >= 15
    guide = {p.stem for p, _, _ in EXAMPLES if p.parent.name == "guide"}
    assert {"derive", "critical", "convexity", "theory", "pep", "optimizers", "testing", "proofs"} <= guide


@pytest.mark.parametrize("path, line, block", EXAMPLES,
                         ids=[f"{p.relative_to(DOCS).as_posix()}:{line}" for p, line, _ in EXAMPLES])
def test_docs_example(path, line, block):
    name = f"{path.relative_to(ROOT).as_posix()}:{line}"
    test = doctest.DocTestParser().get_doctest(block, {}, name, str(path), line)
    runner = doctest.DocTestRunner(optionflags=doctest.ELLIPSIS | doctest.NORMALIZE_WHITESPACE)
    runner.run(test)
    assert runner.summarize(verbose=False).failed == 0, f"example at {name} failed"


def test_first_plot_script_runs(tmp_path):
    script = DOCS / "figures" / "first_plot.py"
    env = dict(os.environ, MPLBACKEND="Agg")
    subprocess.run([sys.executable, str(script), str(tmp_path / "plot.png")], check=True, env=env, timeout=300,
                   cwd=tmp_path)
    assert (tmp_path / "plot.png").stat().st_size > 10_000


INSTALL = re.compile(r"pip install\s+(?:--\S+\s+)*(?:-e\s+)?['\"]?([^\s'\"]+)")


def _install_targets(text: str) -> list[str]:
    return [m.group(1) for m in INSTALL.finditer(text)]


def test_install_lines_install_this_project():
    import tomllib

    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    assert project["name"] == "symopt-toolkit"
    texts = {p: p.read_text() for p in [ROOT / "README.md", *_hand_written_pages()]}
    wrong = []
    for path, text in texts.items():
        for target in _install_targets(text):
            base = re.split(r"[\[<>=!~ ]", target)[0]
            if base in ("symopt", "symopt_toolkit") or target.startswith("symopt["):
                wrong.append(f"{path.relative_to(ROOT)}: pip install {target}")
    assert not wrong, "install lines that install another project:\n" + "\n".join(wrong)
    assert "symopt-toolkit" in texts[ROOT / "README.md"]


def test_built_site_has_no_install_line_for_the_other_project(site):
    wrong = []
    for page in site.rglob("*.html"):
        text = re.sub(r"<[^>]+>", "", page.read_text())
        for target in _install_targets(text.replace("&#39;", "'").replace("&quot;", '"')):
            if re.split(r"[\[<>=!~ ]", target)[0] == "symopt":
                wrong.append(f"{page.relative_to(site)}: pip install {target}")
    assert not wrong, "\n".join(sorted(set(wrong)))


def test_pages_use_current_import_paths():
    """The guide teaches the current layout: no page imports or calls through a deprecated module
    path (a module that is an alias of a moved one, or whose docstring says it is deprecated)."""
    sys.path.insert(0, str(DOCS / "_ext"))
    try:
        apigen = importlib.import_module("symopt_apigen")
    finally:
        sys.path.pop(0)
    old = {name for name in _public_modules() if name != "symopt" and apigen.is_old_path(name)}
    used = []
    for path in [ROOT / "README.md", *_hand_written_pages()]:
        text = path.read_text()
        for name in old:
            # an import of the old path, or a call through it; naming it (a list of moves) is fine
            if re.search(rf"(from|import)\s+{re.escape(name)}\b(?!\.)|{re.escape(name)}(\.\w+)+\(", text):
                used.append(f"{path.relative_to(ROOT)}: {name}")
    assert not used, "pages that teach a deprecated import path:\n" + "\n".join(sorted(used))
