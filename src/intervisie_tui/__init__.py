"""intervisie-tui: run an intervisie meeting from the terminal."""

__version__ = "0.1.0"
