"""Every ```python block of README.md that holds `>>>` examples runs as a doctest."""

from __future__ import annotations

import doctest
import pathlib
import re

import pytest

README = pathlib.Path(__file__).resolve().parent.parent / "README.md"
BLOCKS = [
    (README.read_text()[: m.start()].count("\n") + 2, m.group(1))
    for m in re.finditer(r"```python\n(.*?)```", README.read_text(), re.S)
    if ">>>" in m.group(1)
]


def test_readme_has_examples():
    assert len(BLOCKS) >= 3


@pytest.mark.parametrize("line, block", BLOCKS, ids=[f"README.md:{line}" for line, _ in BLOCKS])
def test_readme_example(line, block):
    parser = doctest.DocTestParser()
    test = parser.get_doctest(block, {}, f"README.md:{line}", str(README), line)
    runner = doctest.DocTestRunner(optionflags=doctest.ELLIPSIS | doctest.NORMALIZE_WHITESPACE)
    runner.run(test)
    result = runner.summarize(verbose=False)
    assert result.failed == 0, f"README example at line {line} failed"


def test_readme_is_a_newcomers_page():
    """The README stays short (the reference lives in docs/); the two commands come first."""
    text = README.read_text()
    assert len(text.splitlines()) <= 150
    assert text.index("make demo") < text.index("## Quick start")
    assert "make test" in text


def test_readme_links_resolve():
    """Every relative link and image of the README names a file or folder of the repository."""
    targets = re.findall(r"\]\(([^)\s]+)\)", README.read_text())
    local = [t for t in targets if not re.match(r"[a-z]+:", t) and not t.startswith("#")]
    assert len(local) >= 10
    missing = [t for t in local if not (README.parent / t.split("#")[0]).exists()]
    assert not missing, f"README links to missing files: {missing}"
