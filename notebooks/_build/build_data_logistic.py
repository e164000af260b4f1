"""Build and execute notebooks/data_logistic_regression.ipynb (symopt.data on scikit-learn's breast cancer data).

Run: ``.venv/bin/python notebooks/_build/build_data_logistic.py``
"""

from __future__ import annotations

import pathlib

import nbformat
from nbclient import NotebookClient

HERE = pathlib.Path(__file__).resolve().parent.parent
md, code = nbformat.v4.new_markdown_cell, nbformat.v4.new_code_cell

cells = [
    md("# Logistic regression on real data: derived, proved convex, constants certified, tuned, run\n\n"
       "scikit-learn's breast cancer data (569 samples, 30 features, standardised, plus an intercept column). "
       "The objective is L2-regularised logistic regression\n\n"
       "$$f(w) = \\frac1n \\sum_{i=1}^n \\log\\left(1 + e^{-y_i x_i^\\top w}\\right) + \\frac{\\lambda}{2}\\|w\\|^2,"
       "\\qquad y_i \\in \\{-1, 1\\}.$$\n\n"
       "symopt.data keeps the data as parameters: the derivatives are in matrix form (never unrolled over the "
       "569 samples), convexity holds for every data set, and $\\mu$, $L$ are certified for this one."),
    code("import numpy as np\n"
         "from sklearn.datasets import load_breast_cancer\n"
         "from symopt import optimizers\n"
         "from symopt.data import DataObjective, theory_parameters\n\n"
         "raw = load_breast_cancer()\n"
         "Z = (raw.data - raw.data.mean(axis=0)) / raw.data.std(axis=0)\n"
         "X = np.hstack([Z, np.ones((Z.shape[0], 1))])   # intercept as a column\n"
         "y = np.where(raw.target == 1, 1.0, -1.0)\n"
         "lam = 0.01\n"
         "f = DataObjective(\"mean(logistic(y * (X @ w))) + lambda/2*norm(w)**2\", data={\"X\": X, \"y\": y},\n"
         "                  params={\"lambda\": lam})\n"
         "f"),
    md("## Derivatives in matrix form"),
    code("f.gradient"),
    code("f.hessian"),
    md("## Convexity for every data set, and the certified constants for this one\n\n"
       "The logistic loss is convex in the margin, the margin $y_i x_i^\\top w$ is affine in $w$ whatever "
       "the data, and $\\frac\\lambda2\\|w\\|^2$ adds $\\lambda$-strong convexity (CVXPY's DCP rule with the data "
       "as parameters). `check()` re-derives each step."),
    code("verdict = f.convexity()\nprint(verdict.status, verdict.property, 'modulus', verdict.modulus, '| check:', verdict.check())\n"
         "verdict"),
    code("c = f.constants()\nc"),
    code("lam_max = np.linalg.eigvalsh(X.T @ X / len(y))[-1]\n"
         "print('certified L  =', float(c.L.value), ' closed form lambda_max(X^T X)/(4n) + lambda =', lam_max / 4 + lam)\n"
         "print('certified mu =', c.mu.value, '(', c.mu.attained, ')')\n"
         "print('L attained:', c.L.attained)\n"
         "print('certificates re-check:', c.check())"),
    md("## Tuned: gradient descent with the step $2/(\\mu + L)$\n\n"
       "On a $\\mu$-strongly convex, $L$-smooth function this step contracts the distance to the minimiser by "
       "$(\\kappa - 1)/(\\kappa + 1)$ per step, $\\kappa = L/\\mu$."),
    code("p = theory_parameters(f)\n"
         "eta = float(p.gd_step)\n"
         "rate = float((p.kappa - 1) / (p.kappa + 1))\n"
         "print(f'mu = {p.mu}, L = {float(p.L):.6f}, kappa = {float(p.kappa):.2f}, eta = {eta:.4f}, rate = {rate:.4f}')\n"
         "tr = optimizers.gd(f, x0=np.zeros(f.d), lr=eta, steps=3000)\n"
         "nes = optimizers.nesterov(f, x0=np.zeros(f.d), lr=1 / float(p.L), beta=float((p.kappa**0.5 - 1) / (p.kappa**0.5 + 1)), steps=1000)\n"
         "sgd = optimizers.minibatch_sgd(f, x0=np.zeros(f.d), lr=0.5, batch_size=32, epochs=20, seed=0)\n"
         "tr"),
    md("## Compared with scikit-learn and SciPy\n\n"
       "scikit-learn's `LogisticRegression` minimises $\\frac12\\|w\\|^2 + C\\sum_i \\log(1 + e^{-y_i x_i^\\top w})$, "
       "the same minimiser as $f$ when $C = 1/(n\\lambda)$ (no separate intercept: it is the last column)."),
    code("from sklearn.linear_model import LogisticRegression\n"
         "from scipy.optimize import minimize\n\n"
         "sk = LogisticRegression(C=1 / (len(y) * lam), fit_intercept=False, tol=1e-12, max_iter=10_000).fit(X, y)\n"
         "comp = f.compile()\n"
         "sp_ = minimize(comp.value, np.zeros(f.d), jac=comp.grad, hess=comp.hess, method='trust-exact', options={'gtol': 1e-12})\n"
         "f_star = sp_.fun\n"
         "print('|w_gd - w_sklearn|_inf  =', np.abs(tr.x - sk.coef_[0]).max())\n"
         "print('|w_gd - w_scipy|_inf    =', np.abs(tr.x - sp_.x).max())\n"
         "print('f(w_gd) - f*            =', comp.value(tr.x) - f_star)\n"
         "print('accuracy on the training data:', np.mean(np.sign(X @ tr.x) == y))"),
    code("import matplotlib.pyplot as plt\n\n"
         "k = np.arange(len(tr.values))\n"
         "fig, ax = plt.subplots(figsize=(6.5, 4))\n"
         "ax.semilogy(k, tr.values - f_star, label='GD, step 2/(mu + L)')\n"
         "ax.semilogy(np.arange(len(nes.values)), np.maximum(nes.values - f_star, 1e-17), label='Nesterov, 1/L')\n"
         "ax.semilogy(np.arange(len(sgd.values)) , np.maximum(sgd.values - f_star, 1e-17), label='minibatch SGD (32)')\n"
         "e0 = tr.values[0] - f_star\n"
         "ax.semilogy(k, (float(p.L) / float(p.mu)) * e0 * rate ** (2 * k), 'k--', lw=0.8, label='bound (L/mu) rate^(2k)')\n"
         "ax.set_xlabel('step'); ax.set_ylabel('f(w_k) - f*'); ax.set_ylim(1e-16, 10); ax.legend()\n"
         "ax.set_title('breast cancer, logistic regression, lambda = 0.01')\n"
         "plt.show()"),
    md("The dashed line is the guarantee from the certified constants: $f(w_k) - f^* \\le \\frac L2 \\|w_k - w^*\\|^2$ "
       "and $\\|w_0 - w^*\\|^2 \\le \\frac2\\mu (f(w_0) - f^*)$, with the distance contracting by the rate each step."),
]

nb = nbformat.v4.new_notebook(cells=cells)
nb.metadata["kernelspec"] = {"display_name": "Python 3", "language": "python", "name": "python3"}
nb.metadata["symopt"] = {"extras": ["examples", "pep"]}  # scikit-learn (and SciPy, which it needs)
NotebookClient(nb, timeout=600, kernel_name="python3", resources={"metadata": {"path": str(HERE)}}).execute()
nbformat.write(nb, HERE / "data_logistic_regression.ipynb")
