"""``symopt-cli-help``: the ``--help`` text of a ``symopt`` command, taken from the parser itself.

    ```{symopt-cli-help} analyze
    ```

renders ``symopt analyze --help`` as a literal block (no argument: ``symopt --help``),
so the CLI page cannot drift from the commands.
"""

from __future__ import annotations

import argparse
import os

from docutils import nodes
from sphinx.util.docutils import SphinxDirective


def help_text(command: str | None) -> str:
    from symopt.cli import build_parser

    old = os.environ.get("COLUMNS")
    os.environ["COLUMNS"] = "90"      # argparse wraps to the terminal width: fix it for the page
    try:
        parser = build_parser()
        if command:
            sub = next(a for a in parser._actions if isinstance(a, argparse._SubParsersAction))
            parser = sub.choices[command]
        return parser.format_help()
    finally:
        if old is None:
            os.environ.pop("COLUMNS", None)
        else:
            os.environ["COLUMNS"] = old


class CliHelp(SphinxDirective):
    optional_arguments = 1
    has_content = False

    def run(self):
        command = self.arguments[0] if self.arguments else None
        try:
            text = help_text(command)
        except (StopIteration, KeyError):
            raise self.error(f"symopt has no command {command!r}") from None
        block = nodes.literal_block(text, text, language="text")
        return [block]


def setup(app):
    app.add_directive("symopt-cli-help", CliHelp)
    return {"version": "1", "parallel_read_safe": True, "parallel_write_safe": True}
