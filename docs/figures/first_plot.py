"""The first plot of the getting-started page (``python docs/figures/first_plot.py [OUT.png]``).

The page shows the code between the markers; the picture it writes,
``docs/_static/first_plot.png``, is committed.  ``tests/test_docs.py`` runs this file.
"""

# --- shown on the page
from symopt import plots
from symopt.optimizers import gd, momentum

f = "0.1*x1**2 + 2*x2**2"                 # an ill-conditioned quadratic, as in D2L 11.6
runs = [gd(f, x0=[-5, -2], lr=0.4, steps=20),
        momentum(f, x0=[-5, -2], lr=0.4, beta=0.5, steps=20)]
fig = plots.compare(f, runs)             # a matplotlib Figure (shows itself in Jupyter)
fig.savefig("runs.png")
# --- end

if __name__ == "__main__":
    import os
    import sys
    from pathlib import Path

    os.remove("runs.png")
    out = Path(sys.argv[1]) if len(sys.argv) > 1 else Path(__file__).parent.parent / "_static" / "first_plot.png"
    fig.savefig(out, dpi=100)
