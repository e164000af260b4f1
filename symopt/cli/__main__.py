"""``python -m symopt.cli``: the same as the ``symopt`` command."""

from . import main

raise SystemExit(main())
