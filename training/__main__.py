"""`python -m training train|evaluate`."""

import sys

from training.cli import main

sys.exit(main())
