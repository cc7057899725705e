import sys

from cable_core.cli import main

sys.exit(main())
