"""`python -m app` runs the `koers` command."""

import sys

from app.cli import main

sys.exit(main())
