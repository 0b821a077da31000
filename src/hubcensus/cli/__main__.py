"""`python -m hubcensus.cli`."""

import sys

from hubcensus.cli import main

sys.exit(main())
