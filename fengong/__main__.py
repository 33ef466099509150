import sys

from fengong.cli import main

sys.exit(main())
