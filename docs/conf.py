"""Sphinx configuration of symopt's documentation site (``make docs``).

Sphinx, not MkDocs: autodoc imports the real package, so the reference shows
what ``import symopt`` gives (lazy re-exports, dataclass fields, signatures),
myst-nb renders the notebooks' stored LaTeX/HTML/PNG outputs as Jupyter shows
them, and SymPy, CVXPY and PEPit document themselves the same way.  Furo is a
light theme (fast to build, readable tables and math, a dark mode).
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

DOCS = Path(__file__).resolve().parent
sys.path.insert(0, str(DOCS / "_ext"))

project = "symopt"
author = "The symopt developers"
copyright = "2026, The symopt developers"
try:
    from importlib.metadata import version as _version

    release = _version("symopt-toolkit")
except Exception:  # not installed as a distribution: read it from the package
    import symopt

    release = symopt.__version__

extensions = [
    "sphinx.ext.autodoc",
    "sphinx.ext.napoleon",
    "sphinx.ext.mathjax",
    "myst_nb",
    "symopt_apigen",
    "symopt_gallery",
    "symopt_cli",
]

root_doc = "index"
exclude_patterns = ["_build", "jupyter_execute", "**.ipynb_checkpoints", "_ext", ".gitignore"]
templates_path: list[str] = []

# Markdown (MyST) and notebooks
myst_enable_extensions = ["dollarmath", "colon_fence", "deflist"]
myst_heading_anchors = 3
highlight_language = "text"        # unlabelled blocks are shell commands or output; ```python blocks stay Python
nb_execution_mode = "off"          # the gallery shows the outputs stored in the notebooks
nb_merge_streams = True

# Docstrings: Google style, type hints in the signature
napoleon_google_docstring = True
napoleon_numpy_docstring = False
napoleon_use_rtype = False
napoleon_use_ivar = True          # "Attributes:" as fields of the class, not a second description of each
napoleon_attr_annotations = True
autodoc_typehints = "signature"
autodoc_typehints_format = "short"
autodoc_member_order = "bysource"
autodoc_preserve_defaults = False   # True re-parses the source: fragile when a module changes under the build
autodoc_inherit_docstrings = False
add_module_names = False

# HTML
html_theme = "furo"
html_title = f"symopt {release}"
html_static_path = ["_static"]
html_show_sourcelink = False
html_theme_options = {
    "source_repository": "",
    "navigation_with_keys": True,
}

# A local MathJax for offline builds (screenshots in a sandbox), e.g. Debian's libjs-mathjax (v2):
# SYMOPT_DOCS_MATHJAX="file:///usr/share/javascript/mathjax/MathJax.js?config=TeX-AMS-MML_HTMLorMML"
if os.environ.get("SYMOPT_DOCS_MATHJAX"):
    mathjax_path = os.environ["SYMOPT_DOCS_MATHJAX"]
    if "MathJax.js" in mathjax_path:   # MathJax 2 reads processClass, not v3's processHtmlClass
        mathjax2_config = {"tex2jax": {"processClass": "math|output_area|tex2jax_process|mathjax_process",
                                       "processEscapes": True}}
