"""Generate the API reference from the package itself (a small Sphinx extension).

At ``builder-inited`` this walks every public module of ``symopt`` (no path
component starting with ``_``, no ``__main__``) that declares ``__all__`` and
writes one page per module under ``docs/api/``.  Each public object is
described in full once, at its *home*: the module that defines it when that
module lists it, otherwise the most specific public module that lists it.
Every other module that lists the same object gets a short entry that links to
the home.  So the reference follows the package layout with no hand-kept list,
and re-exports (``symopt.Objective``, thin modules kept for old import paths)
never describe one object twice.

The same walk is importable without Sphinx (:func:`public_api`), so
``tests/test_docs.py`` can list the public names and compare them with the
built site's inventory.
"""

from __future__ import annotations

import importlib
import inspect
import pkgutil
import re
import types
from dataclasses import dataclass
from pathlib import Path

PACKAGE = "symopt"
API_DIR = "api"


def is_public_module(name: str) -> bool:
    parts = name.split(".")
    return not any(p.startswith("_") for p in parts[1:])


def public_modules(package: str = PACKAGE) -> dict[str, types.ModuleType]:
    """Every public module of ``package`` that imports and declares ``__all__``, by name."""
    root = importlib.import_module(package)
    found = {package: root}
    for info in pkgutil.walk_packages(root.__path__, package + ".", onerror=lambda _name: None):
        if not is_public_module(info.name):
            continue
        module = importlib.import_module(info.name)
        found[info.name] = module
    return {name: mod for name, mod in sorted(found.items()) if isinstance(getattr(mod, "__all__", None), (list, tuple))}


@dataclass(frozen=True)
class Entry:
    module: str   # where the name is listed
    name: str
    home: str     # module whose page describes the object in full
    kind: str     # autodoc directive: class, function, exception, data, module
    target: str   # the described object's full name (a module's own name for a module)

    @property
    def qualname(self) -> str:
        return f"{self.module}.{self.name}"


def _kind(obj: object) -> str:
    if inspect.isclass(obj):
        return "exception" if issubclass(obj, BaseException) else "class"
    if inspect.ismodule(obj):
        return "module"
    if inspect.isroutine(obj):
        return "function"
    return "data"


def _key(name: str, obj: object) -> tuple:
    # Small ints and strings are shared objects: an object is "the same" only under the same name.
    return (name, id(obj))


def public_api(package: str = PACKAGE) -> dict[str, list[Entry]]:
    """The public names of every public module, each with the module whose page describes it."""
    modules = public_modules(package)
    listed: dict[tuple, list[str]] = {}
    objects: dict[tuple[str, str], object] = {}
    for mod_name, module in modules.items():
        for name in module.__all__:
            obj = getattr(module, name)
            objects[mod_name, name] = obj
            listed.setdefault(_key(name, obj), []).append(mod_name)
    homes: dict[tuple, str] = {}
    for key, mods in listed.items():
        name = key[0]
        obj = objects[mods[0], name]
        defined_in = getattr(obj, "__module__", None) if not inspect.ismodule(obj) else None
        if defined_in in mods and getattr(obj, "__name__", name) == name:
            homes[key] = defined_in
        else:
            homes[key] = max(mods, key=lambda m: (m.count("."), m != package, m))
    result: dict[str, list[Entry]] = {}
    for mod_name, module in modules.items():
        entries = []
        for name in module.__all__:
            obj = objects[mod_name, name]
            kind = _kind(obj)
            if kind == "module":
                # a subpackage named in __all__ (``symopt.convexity``, a callable module): its own page
                entries.append(Entry(mod_name, name, obj.__name__, kind, obj.__name__))
            else:
                home = homes[_key(name, obj)]
                entries.append(Entry(mod_name, name, home, kind, f"{home}.{name}"))
        result[mod_name] = entries
    return result


def _first_line(module: types.ModuleType) -> str:
    doc = inspect.getdoc(module) or ""
    return doc.strip().split("\n\n")[0].replace("\n", " ")


def summary(obj: object) -> str:
    """The first sentence of an object's own docstring (none for a constant without one), one line."""
    doc = inspect.getdoc(obj) if inspect.isclass(obj) or inspect.isroutine(obj) or inspect.ismodule(obj) else None
    if not doc:
        return ""
    para = " ".join(doc.strip().split("\n\n")[0].split())
    if para.startswith(">>>"):
        return ""
    for m in re.finditer(r"[.;](\s|$)", para):
        head = para[: m.start() + 1]
        if head.count("``") % 2 == 0 and head.count("`") % 2 == 0 and len(head) >= 20:
            para = head
            break
    if para.endswith(":"):
        para = para[:-1] + "."
    return _escape_bars(para)


def _short_value(obj: object, limit: int = 70) -> str:
    """A constant's value as a literal when its repr is short and plain, else ''."""
    if inspect.isclass(obj) or inspect.isroutine(obj) or inspect.ismodule(obj):
        return ""
    try:
        text = repr(obj)
    except Exception:
        return ""
    if len(text) > limit or "`" in text or "\n" in text or " at 0x" in text:
        return ""
    return f"``{text}``"


def _escape_bars(text: str) -> str:
    parts = text.split("``")
    for j in range(0, len(parts), 2):
        parts[j] = _OUTSIDE_LITERALS.sub(r"\\|\1\\|", parts[j])
    return "``".join(parts)


def _module_page(mod_name: str, entries: list[Entry]) -> str:
    title = f"``{mod_name}``"
    lines = [title, "=" * len(title), ""]
    real_name = importlib.import_module(mod_name).__name__
    if real_name != mod_name:
        lines += [f"Deprecated import path: an alias of :doc:`{real_name}` (kept for one release).", ""]
    else:
        lines += [f".. automodule:: {mod_name}", "   :no-members:", ""]
    own = [e for e in entries if e.home == mod_name]
    others = [e for e in entries if e.home != mod_name]
    if own:
        lines += [".. rubric:: Summary", "", ".. list-table::", "   :widths: 30 70", "   :width: 100%", ""]
        module = importlib.import_module(mod_name)
        for e in own:
            text = summary(getattr(module, e.name)) or _short_value(getattr(module, e.name)) or e.kind
            lines += [f"   * - :py:obj:`~{e.target}`", f"     - {text}"]
        lines.append("")
    if others:
        lines += [".. rubric:: Re-exported here", "",
                  "Importable from this module; each is described on the page of its home module.", "",
                  ".. list-table::", "   :widths: 30 70", "   :width: 100%", ""]
        module = importlib.import_module(mod_name)
        for e in others:
            role = "py:mod" if e.kind == "module" else "py:obj"
            text = summary(getattr(module, e.name))
            lines += [f"   * - ``{e.name}``", f"     - :{role}:`{e.target}`" + (f": {text}" if text else "")]
        lines.append("")
    for e in own:
        directive = {"class": "autoclass", "exception": "autoexception", "function": "autofunction",
                     "data": "autodata"}[e.kind]
        lines += [f".. {directive}:: {e.target}"]
        if e.kind in ("class", "exception"):
            lines += ["   :members:", "   :show-inheritance:"]
        if e.kind == "data" and not _short_value(getattr(importlib.import_module(e.home), e.name)):
            lines += ["   :no-value:"]
        lines.append("")
    return "\n".join(lines) + "\n"


def is_old_path(mod_name: str) -> bool:
    """A deprecated import path kept for one release: an alias of a moved module, or a module that says so."""
    module = importlib.import_module(mod_name)
    return module.__name__ != mod_name or (inspect.getdoc(module) or "").startswith("Deprecated")


def _groups(api: dict[str, list[Entry]]) -> list[tuple[str, list[str]]]:
    """The modules by package (top-level modules first), the old import paths last."""
    groups: dict[str, list[str]] = {}
    old = []
    for mod_name in api:
        if mod_name != PACKAGE and is_old_path(mod_name):
            old.append(mod_name)
            continue
        parts = mod_name.split(".")
        is_package = hasattr(importlib.import_module(mod_name), "__path__")
        key = PACKAGE if len(parts) <= 2 and not is_package else ".".join(parts[:2])
        groups.setdefault(key, []).append(mod_name)
    ordered = [(f"``{PACKAGE}`` and its top-level modules", groups.pop(PACKAGE, []))]
    ordered += [(f"``{key}``", mods) for key, mods in sorted(groups.items())]
    if old:
        ordered.append(("Old import paths (deprecated, kept for one release)", old))
    return [(title, mods) for title, mods in ordered if mods]


def _index_page(api: dict[str, list[Entry]]) -> str:
    lines = ["API reference", "=============", "",
             "Generated from the docstrings by walking every public module of ``symopt`` and its",
             "``__all__`` (``docs/_ext/symopt_apigen.py``), so it follows the package layout.",
             "Each object is described once, on the page of the module that defines it; the other",
             "modules that re-export it link there.", ""]
    for title, mods in _groups(api):
        lines += [title, "-" * len(title), "", ".. list-table::", "   :widths: 35 65", "   :width: 100%", ""]
        for mod_name in mods:
            summary_text = _escape_bars(_first_line(importlib.import_module(mod_name))) or " "
            lines += [f"   * - :doc:`{mod_name} <{mod_name}>`", f"     - {summary_text}"]
        lines += ["", ".. toctree::", "   :hidden:", ""] + [f"   {m}" for m in mods] + [""]
    return "\n".join(lines) + "\n"


def write_pages(srcdir: Path) -> list[Path]:
    """Write ``api/index.rst`` and one page per public module; keep files whose text is unchanged."""
    out = srcdir / API_DIR
    out.mkdir(exist_ok=True)
    api = public_api()
    pages = {f"{m}.rst": _module_page(m, entries) for m, entries in api.items()}
    pages["index.rst"] = _index_page(api)
    for stale in out.glob("*.rst"):
        if stale.name not in pages:
            stale.unlink()
    written = []
    for name, text in pages.items():
        path = out / name
        if not path.exists() or path.read_text() != text:
            path.write_text(text)
        written.append(path)
    return written


def _on_builder_inited(app) -> None:
    write_pages(Path(app.srcdir))


_OUTSIDE_LITERALS = re.compile(r"(?<![\\|`\w])\|(\w{1,12})\|(?![\w_`])")


def _process_docstring(app, what, name, obj, options, lines) -> None:
    """Two precise rules for docstrings written for people reading source.

    * A constant with no documentation of its own (a dict, a SymPy Symbol) must not show the
      docstring of its type (``dict()``'s, ``Symbol``'s), which autodoc would otherwise use.
    * ``|c|`` in running text is an absolute value, never a reStructuredText substitution
      (the site defines none): its bars are escaped, outside double-backquoted literals.
    """
    if what in ("data", "attribute") and not isinstance(obj, (type, types.ModuleType)):
        own = getattr(type(obj), "__doc__", None)
        own = inspect.cleandoc(own) if isinstance(own, str) else ""
        if own and inspect.cleandoc("\n".join(lines)) == own:
            lines[:] = []
            return
    literal = _preformat_broken_tables(lines)
    for i, line in enumerate(lines):
        if "|" in line and i not in literal:
            lines[i] = _escape_bars(line)


_BORDER = re.compile(r"^(\s*)(=+)( +=+)+\s*$")


def _preformat_broken_tables(lines: list[str]) -> set[int]:
    """Show a simple table whose text runs into a column margin as preformatted text.

    reStructuredText rejects such a table ("Text in column margin"); a docstring written for
    people reading the source means it as aligned text, so it becomes a literal block, exactly
    as written.  Returns the indices of the lines that are now literal.
    """
    literal: set[int] = set()
    i = 0
    while i < len(lines):
        m = _BORDER.match(lines[i])
        if not m:
            i += 1
            continue
        border = lines[i].rstrip()
        borders = [j for j in range(i, len(lines)) if lines[j].rstrip() == border]
        if len(borders) < 2:
            i += 1
            continue
        end = borders[2] if len(borders) >= 3 and borders[1] == i + 2 else borders[1]
        last_col = border.rindex(" ") + 1
        gaps = [k for k, ch in enumerate(border) if ch == " " and len(m.group(1)) <= k < last_col]
        rows = [lines[j] for j in range(i + 1, end) if lines[j].rstrip() != border]
        if any(k < len(row) and row[k] != " " for row in rows for k in gaps):
            indent = m.group(1)
            block = [f"{indent}::", ""] + [f"{indent}    {line}" for line in lines[i:end + 1]] + [""]
            lines[i:end + 1] = block
            literal.update(range(i, i + len(block)))
            i += len(block)
        else:
            i = end + 1
    return literal


def setup(app):
    app.connect("builder-inited", _on_builder_inited)
    app.connect("autodoc-process-docstring", _process_docstring)
    return {"version": "1", "parallel_read_safe": True, "parallel_write_safe": True}
