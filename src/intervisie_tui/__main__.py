"""Allows `python -m intervisie_tui`."""

from intervisie_tui.cli.main import main

raise SystemExit(main())
