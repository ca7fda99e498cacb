"""Lets routine authors run ``python -m unknot validate``."""

import sys

from unknot.cli import main

sys.exit(main())
