"""Scalar objectives with exact smoothness / strong-convexity constants (issue 27), shared by
tests/test_data_constants.py and tests/convexity/test_curvature_questions.py (their docstrings cite
the published constants)."""

import sympy as sp

CURVATURE_CASES = [  # (objective, property, exact constant)
    ("log(1+exp(3*x+y)) + log(1+exp(x)) + log(1+exp(x-2*y))", "L-smooth", (8 + sp.sqrt(10)) / 4),
    ("log(exp(x)+exp(y)+exp(z)) - x", "L-smooth", sp.Rational(1, 2)),
    ("Max(0, 1-(x+y))**2 + Max(0, 1-(-x+2*y))**2", "L-smooth", 7 + sp.sqrt(13)),
    ("sqrt(x**2+y**2+1/100)", "L-smooth", sp.Integer(10)),
    ("Max(0, sqrt(x**2+y**2)-1)**2/2", "L-smooth", sp.Integer(1)),
    ("(log(1+exp(-(x+2*y))) + log(1+exp(3*x-y)) + log(1+exp(-(x+y)/2)))/3 + (x**2+y**2)/20", "strongly convex",
     sp.Rational(1, 10)),
]
CURVATURE_IDS = ["logistic", "softmax3", "sqhinge", "smoothed norm", "disk distance", "l2 logistic"]
