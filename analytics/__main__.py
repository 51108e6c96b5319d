"""``python -m analytics <command>``: see analytics.cli."""

from analytics.cli import main

raise SystemExit(main())
