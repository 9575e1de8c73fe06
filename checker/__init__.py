"""checker: cross-source fact-consistency checking for Chinese news."""

__version__ = "0.1.0"
