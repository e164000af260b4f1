"""Regenerate golden.json: the CLI typos table (run from anywhere; review the diff before committing)."""
import contextlib
import io
import json
import pathlib
import sys

CASES = [
    ("implicit-multiplication", ["analyze", "x^4+y^4-4xy", "--no-convexity"]),
    ("implicit-multiplication-number-space", ["analyze", "x**2 + 3 y", "--no-convexity"]),
    ("function-without-parentheses", ["analyze", "sin x", "--no-convexity"]),
    ("capitalised-function", ["analyze", "Log(x)", "--no-convexity"]),
    ("misspelt-function", ["analyze", "sqr(x) + x**2", "--no-convexity"]),
    ("vars-typo", ["analyze", "x**2 + y**2", "--vars", "x,z", "--no-convexity"]),
    ("run-x0-not-a-number", ["run", "x**2 + y**2", "--x0", "1,abc"]),
    ("run-x0-wrong-length", ["run", "x**2 + y**2", "--x0", "1,2,3"]),
    ("run-x0-unclosed", ["run", "x**2 + y**2", "--x0", "(1,2"]),
    ("run-params-empty", ["run", "c*x**2", "--x0", "1", "--params", "c="]),
    ("run-params-not-a-number", ["run", "c*x**2", "--x0", "1", "--params", "c=abc"]),
    ("run-vars-typo", ["run", "x**2 + y**2", "--x0", "1,2", "--vars", "x,z"]),
    ("run-plot-missing-folder", ["run", "x**2 + y**2", "--x0", "1,2", "--plot", "/no/such/dir/a.png"]),
    ("run-plot-not-an-image", ["run", "x**2 + y**2", "--x0", "1,2", "--plot", "out.txt"]),
    ("run-sinx-warning", ["run", "sinx + x**2", "--x0", "1,2", "--steps", "3"]),
    ("run-e-warning", ["run", "e^x + x**2", "--x0", "1,2", "--steps", "3"]),
    ("run-undeclared-parameter", ["run", "a*x**2", "--x0", "1", "--vars", "x"]),
    ("analyze-at-not-a-number", ["analyze", "x**2 + y**2", "--at", "x=abc,y=1", "--no-convexity"]),
    ("run-unknown-method", ["run", "x**2", "--x0", "1", "--method", "adm"]),
]
def main_() -> None:
    sys.path.insert(0, str(pathlib.Path(__file__).resolve().parents[3]))
    from symopt.cli import main

    out = []
    for name, argv in CASES:
        o, e = io.StringIO(), io.StringIO()
        with contextlib.redirect_stdout(o), contextlib.redirect_stderr(e):
            code = main(argv)
        out.append({"name": name, "argv": argv, "exit": code, "stdout": o.getvalue(), "stderr": e.getvalue()})
        print(name, code, repr(e.getvalue()))
    json.dump(out, open(pathlib.Path(__file__).with_name("golden.json"), "w", encoding="utf-8"), indent=1, ensure_ascii=False)


if __name__ == "__main__":
    main_()
