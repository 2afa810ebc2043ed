"""`python -m cica_kb`: see cli.py."""

import sys

from .tools.cli import main

sys.exit(main())
