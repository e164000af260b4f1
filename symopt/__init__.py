"""symopt: symbolic optimisation mathematics."""
__version__ = "0.1.0"
