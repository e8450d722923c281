"""Allows `python -m intervisie_tui`."""

from intervisie_tui.cli import main

raise SystemExit(main())
