"""How symopt's results show themselves: short ``repr``, LaTeX and HTML for Jupyter.

One module formats every result type so that they look alike.  A result type
uses these helpers in three methods (IPython calls the ``_repr_*_`` ones; see
https://ipython.readthedocs.io/en/stable/config/integrating.html)::

    from symopt import display

    @dataclass(frozen=True)
    class MyResult:
        rate: sp.Expr
        note: str = ""

        def __repr__(self) -> str:            # one line, at most ~120 characters
            return display.short_repr("MyResult", display.math_text(self.rate), note=self.note)

        def _repr_latex_(self) -> str:        # formulas: one $$...$$ block
            return display.latex_block(self.rate, label="rate")

        def _repr_html_(self) -> str:         # tables: header + rows (+ notes)
            return display.html_table(["quantity", "value"], [["rate", self.rate]],
                                      title="MyResult", notes=[self.note])

The helpers (all pure functions returning ``str``; nothing prints):

* :func:`short_repr` ``("Verdict", "convex: proved", evidence="PSD factorisation")``
  -> ``Verdict(convex: proved, evidence='PSD factorisation')``; each value is
  shortened to :data:`FIELD_WIDTH` characters, the whole line to :data:`REPR_WIDTH`.
* :func:`shorten` cuts text to a width with an ellipsis in the middle.
* :func:`math_text` a SymPy object (or number, array, dict of them) as short
  plain text: SymPy's ``sstr``, floats with 6 significant digits.
* :func:`latex` a SymPy object (or number, dict, sequence) as LaTeX (no dollars);
  :func:`latex_block` a ``$$ label = ... $$`` block for ``_repr_latex_``
  (Jupyter's MathJax renders it).  Several ``label=value`` pairs give an
  ``aligned`` environment.
* :func:`html_table` a ``<table>`` with a header row, data rows, an optional
  title (caption) and notes under it.  Cells are escaped; a SymPy cell is
  shown as ``\\(latex\\)`` (MathJax in JupyterLab / Notebook) when
  ``math=True`` and as plain text otherwise.
* :func:`html_fields` a two-column ``name | value`` table (a record).
* :func:`markdown_table` the same data as a Markdown (GFM) table, for
  ``_repr_markdown_`` and for terminals.
* :func:`record_repr` / :func:`record_html`: the two methods for a frozen
  dataclass of results in one line each: ``__repr__ = record_repr_method("Name", "field1", ...)``
  style helpers that show the named fields (short) and every field (table).
* :func:`figure` a new matplotlib Figure (no pyplot) that shows itself as a
  cell's value in Jupyter (``_repr_png_``): the one figure convention
  (:mod:`symopt.plots` uses it; return the Figure).
* :func:`progress` wraps an iterable in a tqdm bar when the session is
  interactive (Jupyter or a terminal) and the work is long (corpus sweeps,
  proof runs); otherwise it returns the iterable untouched (never in tests'
  captured output).
* :func:`figure_png` the PNG bytes of a matplotlib Figure (for ``_repr_png_``),
  :func:`figure_html` an ``<img>`` tag with the figure inlined (base64), to put
  a small plot into an HTML summary.

Conventions: ``repr`` names the type, states the verdict or the headline
number first and the details after it, and never dumps arrays or evidence
trees (those go in the HTML table).  LaTeX is produced by :func:`sympy.latex`.
"""

from __future__ import annotations

import base64
import html
import io
import math
from typing import Any, Iterable, Mapping, Sequence
from .config import config

__all__ = [
    "REPR_WIDTH",
    "FIELD_WIDTH",
    "shorten",
    "math_text",
    "short_repr",
    "latex",
    "latex_block",
    "html_table",
    "html_fields",
    "markdown_table",
    "figure_png",
    "figure_html",
    "record_repr",
    "record_html",
    "attach",
    "figure",
    "progress",
]

#: Longest ``repr`` line :func:`short_repr` produces.
REPR_WIDTH = 160
#: Longest single field value inside :func:`short_repr`.
FIELD_WIDTH = 60


def shorten(text: Any, width: int = FIELD_WIDTH, where: str = "middle") -> str:
    """``text`` cut to ``width`` characters with ``...`` in the middle or at the end (whitespace collapsed).

    >>> shorten("abcdefghijklmnopqrstuvwxyz", 11)
    'abcd...wxyz'
    >>> shorten("abcdefghijklmnopqrstuvwxyz", 11, where="end")
    'abcdefgh...'
    """
    s = " ".join(str(text).split())
    if width < 5 or len(s) <= width:
        return s
    if where == "end":
        return s[: width - 3] + "..."
    keep = width - 3
    head = (keep + 1) // 2
    return s[:head] + "..." + s[len(s) - (keep - head):]


def _float_text(value: float) -> str:
    if math.isnan(value):
        return "nan"
    if math.isinf(value):
        return "inf" if value > 0 else "-inf"
    return f"{value:.6g}"


def math_text(value: Any, width: int | None = None) -> str:
    """A value as short plain text: SymPy's ``sstr``; floats to 6 significant digits.

    Dicts print as ``x = 1, y = 2``; sequences and arrays as ``(1, 2)``.

    >>> import sympy as sp
    >>> x, y = sp.symbols("x y")
    >>> math_text({x: 1, y: sp.Rational(1, 2)})
    'x = 1, y = 1/2'
    >>> math_text([0.1234567891, 2.0])
    '(0.123457, 2)'
    """
    import numpy as np

    if isinstance(value, Mapping):
        text = ", ".join(f"{math_text(k)} = {math_text(v)}" for k, v in value.items())
    elif isinstance(value, bool):
        text = str(value)
    elif isinstance(value, (float, np.floating)):
        text = _float_text(float(value))
    elif isinstance(value, (int, np.integer, str)):
        text = str(value)
    elif isinstance(value, np.ndarray):
        if value.ndim == 0:
            text = math_text(value.item())
        else:
            text = math_text(value.tolist())
    elif isinstance(value, (list, tuple)):
        text = "(" + ", ".join(math_text(v) for v in value) + ")"
    else:
        try:
            import sympy as sp

            if isinstance(value, sp.MatrixBase):
                text = "[" + "; ".join(", ".join(sp.sstr(e) for e in value.row(i)) for i in range(value.rows)) + "]"
            elif isinstance(value, sp.Basic):
                text = sp.sstr(value)
            else:
                text = str(value)
        except Exception:  # pragma: no cover - a foreign object that cannot print itself
            text = object.__repr__(value)
    return shorten(text, width) if width else text


def short_repr(type_name: str, *parts: Any, **fields: Any) -> str:
    """``TypeName(part, ..., key=value, ...)`` on one line.

    Positional ``parts`` are written as given (already text, e.g. the headline
    ``"convex: proved"``); keyword values are written with ``repr`` for strings
    and :func:`math_text` otherwise.  ``None`` and empty values are left out.
    Each value is cut to :data:`FIELD_WIDTH`, the line to :data:`REPR_WIDTH`.

    >>> short_repr("Verdict", "convex: proved", evidence="Hessian factorisation", note="")
    "Verdict(convex: proved, evidence='Hessian factorisation')"
    """
    items = [shorten(p) for p in parts if p is not None and p != ""]
    for key, value in fields.items():
        if value is None or (isinstance(value, (str, tuple, list, dict)) and len(value) == 0):
            continue
        text = repr(shorten(value)) if isinstance(value, str) else math_text(value, FIELD_WIDTH)
        items.append(f"{key}={text}")
    line = f"{type_name}({', '.join(items)})"
    if len(line) > REPR_WIDTH:
        line = line[: REPR_WIDTH - 4] + "...)"
    return line


def latex(value: Any) -> str:
    """LaTeX of a SymPy object, number, dict (``x = 1, y = 2``) or sequence (a tuple), no dollars.

    >>> import sympy as sp
    >>> latex({sp.Symbol("x"): sp.Rational(1, 2)})
    'x = \\\\frac{1}{2}'
    """
    import sympy as sp

    if isinstance(value, str):
        return r"\text{" + value.replace("\\", r"\backslash ").replace("{", r"\{").replace("}", r"\}") + "}"
    if isinstance(value, Mapping):
        return ", ".join(f"{latex(k)} = {latex(v)}" for k, v in value.items())
    if isinstance(value, (list, tuple)):
        return r"\left(" + ", ".join(latex(v) for v in value) + r"\right)"
    try:
        import numpy as np

        if isinstance(value, np.ndarray):
            return latex(value.tolist())
        if isinstance(value, (float, np.floating)):
            return _float_text(float(value)).replace("inf", r"\infty")
    except ImportError:  # pragma: no cover
        pass
    return sp.latex(value)


def latex_block(*values: Any, label: str | None = None, **labelled: Any) -> str:
    """A ``$$ ... $$`` display block for ``_repr_latex_``.

    ``latex_block(expr, label="f(x)")`` gives ``$$f(x) = <expr>$$``; several
    keyword pairs (``latex_block(**{"\\nabla f": g, "H": h})``) one aligned
    block, one line each.  Keys are LaTeX already.

    >>> import sympy as sp
    >>> latex_block(sp.Symbol("x")**2, label="f(x)")
    '$$f(x) = x^{2}$$'
    """
    lines = []
    for v in values:
        lines.append((label, latex(v)))
        label = None
    for key, v in labelled.items():
        lines.append((key, latex(v)))
    if len(lines) == 1:
        key, body = lines[0]
        return f"$${key} = {body}$$" if key else f"$${body}$$"
    rows = [(f"{key} &= {body}" if key else f"&{body}") for key, body in lines]
    return r"$$\begin{aligned}" + r" \\ ".join(rows) + r"\end{aligned}$$"


def _cell(value: Any, math: bool) -> str:
    try:
        import sympy as sp

        if math and isinstance(value, (sp.Basic, sp.MatrixBase)) and not isinstance(value, sp.Symbol) \
                or (math and isinstance(value, Mapping) and value):
            return r"\(" + html.escape(latex(value), quote=False) + r"\)"
    except ImportError:  # pragma: no cover
        pass
    if isinstance(value, str):
        return html.escape(value)
    return html.escape(math_text(value))


def html_table(header: Sequence[str], rows: Iterable[Sequence[Any]], *, title: str | None = None,
               notes: Iterable[str] = (), math: bool = False, max_rows: int = 50) -> str:
    """An HTML ``<table>`` (escaped) with a header, rows, a caption and notes below it.

    Args:
        header: column titles.
        rows: the cells; a cell is text, a number or a SymPy object.
        title: the caption (bold, above the table).
        notes: lines of text under the table (empty ones are skipped).
        math: SymPy cells as MathJax ``\\(...\\)`` instead of plain text.
        max_rows: rows shown; the rest is counted in a last line.

    >>> html_table(["x", "kind"], [[0, "minimum"]], title="critical points").startswith('<div class="symopt"><b>critical points</b>')
    True
    """
    rows = list(rows)
    out = ['<div class="symopt">']
    if title:
        out.append(f"<b>{html.escape(title)}</b>")
    out.append('<table style="border-collapse:collapse">')
    out.append("<thead><tr>" + "".join(f'<th style="text-align:left">{html.escape(str(h))}</th>' for h in header)
               + "</tr></thead><tbody>")
    for row in rows[:max_rows]:
        out.append("<tr>" + "".join(f'<td style="text-align:left">{_cell(c, math)}</td>' for c in row) + "</tr>")
    out.append("</tbody></table>")
    if len(rows) > max_rows:
        out.append(f"<div><i>... {len(rows) - max_rows} more rows</i></div>")
    for note in notes:
        if note:
            out.append(f"<div><i>{html.escape(str(note))}</i></div>")
    out.append("</div>")
    return "".join(out)


def html_fields(fields: Mapping[str, Any], *, title: str | None = None, notes: Iterable[str] = (),
                math: bool = False, extra_html: str = "") -> str:
    """A record as a two-column ``name | value`` HTML table (``None`` values skipped).

    ``extra_html`` (already HTML, e.g. :func:`figure_html`) is appended inside the box.
    """
    rows = [[k, v] for k, v in fields.items() if v is not None]
    table = html_table(["", ""], rows, title=title, notes=notes, math=math)
    if extra_html:
        table = table[: -len("</div>")] + extra_html + "</div>"
    return table


def _md_cell(value: Any) -> str:
    text = value if isinstance(value, str) else math_text(value)
    return text.replace("|", "\\|").replace("\n", " ")


def markdown_table(header: Sequence[str], rows: Iterable[Sequence[Any]], *, title: str | None = None,
                   notes: Iterable[str] = ()) -> str:
    """The same data as :func:`html_table`, as a GitHub-flavoured Markdown table.

    >>> print(markdown_table(["x", "kind"], [[0, "minimum"]]))
    | x | kind |
    | --- | --- |
    | 0 | minimum |
    """
    lines = []
    if title:
        lines += [f"**{title}**", ""]
    lines.append("| " + " | ".join(_md_cell(h) for h in header) + " |")
    lines.append("| " + " | ".join("---" for _ in header) + " |")
    for row in rows:
        lines.append("| " + " | ".join(_md_cell(c) for c in row) + " |")
    notes = [n for n in notes if n]
    if notes:
        lines.append("")
        lines += [f"*{n}*" for n in notes]
    return "\n".join(lines)


def figure_png(fig: Any, dpi: int = 100) -> bytes:
    """The PNG bytes of a matplotlib Figure (tight bounding box)."""
    buf = io.BytesIO()
    fig.savefig(buf, format="png", dpi=dpi, bbox_inches="tight")
    return buf.getvalue()


def figure_html(fig: Any, dpi: int = 80, width: int | None = None) -> str:
    """An ``<img>`` tag with the figure inlined as base64 PNG (for small plots in HTML summaries)."""
    data = base64.b64encode(figure_png(fig, dpi=dpi)).decode("ascii")
    size = f' width="{int(width)}"' if width else ""
    return f'<img src="data:image/png;base64,{data}"{size}/>'


def _record_fields(obj: Any, names: Sequence[str] | None) -> dict[str, Any]:
    import dataclasses

    if names is None:
        names = [f.name for f in dataclasses.fields(obj) if f.repr and not f.name.startswith("_")]
    return {n: getattr(obj, n) for n in names}


def record_repr(obj: Any, *names: str, headline: str | None = None) -> str:
    """A short one-line repr of a frozen dataclass: its type name, ``headline``, the named fields.

    >>> from dataclasses import dataclass
    >>> @dataclass(frozen=True)
    ... class Rate:
    ...     order: int
    ...     constant: float
    ...     note: str = ""
    >>> record_repr(Rate(2, 0.5, "a long note"), "order", "constant")
    'Rate(order=2, constant=0.5)'
    """
    fields = _record_fields(obj, list(names) if names else None)
    return short_repr(type(obj).__name__, headline, **{k: (v if not isinstance(v, str) else v) for k, v in fields.items()})


def record_html(obj: Any, *names: str, title: str | None = None, notes: Iterable[str] = ()) -> str:
    """Every (or the named) field of a frozen dataclass as a ``name | value`` table, SymPy values as MathJax."""
    fields = _record_fields(obj, list(names) if names else None)
    notes = list(notes)
    if "note" in fields and isinstance(fields["note"], str):
        notes.append(fields.pop("note"))
    rows = [[k, v] for k, v in fields.items() if v is not None and v != () and v != ""]
    return html_table(["", ""], rows, title=title or type(obj).__name__, notes=notes, math=True)


def attach(cls: type, *names: str, html: bool = True) -> type:
    """Give a result dataclass a short ``__repr__`` (the named fields) and a ``_repr_html_`` (every field).

    For modules that add display to existing types in one place::

        display.attach(GDQuadraticRate, "stable_range", "optimal_eta", "optimal_rate")

    Returns ``cls``.
    """
    def __repr__(self) -> str:
        return record_repr(self, *names)

    cls.__repr__ = __repr__  # type: ignore[assignment]
    if html:
        def _repr_html_(self) -> str:
            return record_html(self)

        cls._repr_html_ = _repr_html_  # type: ignore[attr-defined]
    return cls


_FIGURE_CLASS = None


def figure(figsize: tuple[float, float] = (6.0, 4.0), dpi: int = 100, **kwargs: Any) -> Any:
    """A matplotlib Figure built without pyplot that renders as PNG in Jupyter (``_repr_png_``).

    No global state (nothing is shown twice, nothing leaks between calls), no
    display needed; ``fig.savefig(path)`` as usual.  ``kwargs`` go to ``Figure``.
    """
    global _FIGURE_CLASS
    if _FIGURE_CLASS is None:
        from matplotlib.figure import Figure

        class SymoptFigure(Figure):
            """A matplotlib Figure that shows itself in Jupyter (``_repr_png_``)."""

            repr_dpi = 100

            def _repr_png_(self) -> bytes:
                return figure_png(self, dpi=self.repr_dpi)

        _FIGURE_CLASS = SymoptFigure
    kwargs.setdefault("layout", "constrained")
    fig = _FIGURE_CLASS(figsize=figsize, **kwargs)
    fig.repr_dpi = int(dpi)
    return fig


def progress_enabled(enabled: bool | None = None) -> bool:
    """Whether to draw progress bars: ``enabled`` if given, else ``config.progress``,
    else only in an interactive session (a Jupyter kernel, or a terminal on stderr)."""
    import sys


    if enabled is None:
        enabled = config.progress
    if enabled is None:
        try:
            enabled = "ipykernel" in sys.modules or bool(sys.stderr.isatty())
        except (AttributeError, ValueError):
            enabled = False
    return bool(enabled)


def tqdm_class(widget: bool = True) -> Any:
    """tqdm's ``auto`` front end (a Jupyter widget) where ipywidgets is installed and
    ``widget`` is true, its text bar otherwise (a widget cannot be drawn from a thread)."""
    if widget:
        try:
            import ipywidgets  # noqa: F401
            from tqdm.auto import tqdm

            return tqdm
        except ImportError:
            pass
    from tqdm import tqdm

    return tqdm


def progress(iterable: Any, *, total: int | None = None, desc: str | None = None, enabled: bool | None = None,
             delay: float | None = None) -> Any:
    """``iterable``, with a tqdm progress bar (and ETA) when it is worth one.

    Args:
        iterable: what to iterate.
        total: its length (default ``len(iterable)`` when it has one).
        desc: the bar's label.
        enabled: ``True`` always, ``False`` never, ``None`` (default) as
            :class:`symopt.config.Config`'s ``progress`` says: in an
            interactive session (a Jupyter kernel or a terminal on stderr) only.
        delay: seconds before the bar appears (default ``config.progress_delay``),
            so quick sweeps stay silent.

    tqdm's ``auto`` front end (a widget) is used in Jupyter when ipywidgets is
    installed, its text bar otherwise.
    """

    if not progress_enabled(enabled):
        return iterable
    tqdm = tqdm_class()
    if total is None and hasattr(iterable, "__len__"):
        total = len(iterable)
    return tqdm(iterable, total=total, desc=desc, leave=False,
                delay=config.progress_delay if delay is None else delay, mininterval=0.25)
