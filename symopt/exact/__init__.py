"""symopt.exact."""
