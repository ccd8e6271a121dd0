import sys

from untoc_desktop.cli import main

sys.exit(main())
