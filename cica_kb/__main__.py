"""`python -m cica_kb`: see cli.py."""

import sys

from .cli import main

sys.exit(main())
