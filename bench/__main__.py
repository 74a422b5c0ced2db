"""``python -m bench``: see bench/run.py."""

import sys

if __name__ == "__main__":  # not in the processes multiprocessing starts from this module
    from bench.run import main

    sys.exit(main())
