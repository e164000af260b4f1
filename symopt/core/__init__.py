"""symopt.core."""
