"""``python -m symopt``: the same as the ``symopt`` command."""

from .cli import main

raise SystemExit(main())
