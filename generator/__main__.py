"""`python -m generator` and the `briefings` command.

The command line is imported inside the guard: Ctrl-C while the libraries load
ends like Ctrl-C at any later moment, with one line and exit 130.
"""

import sys

INTERRUPTED = "briefings: interrupted; the files it had not finished were left as they were"
EXIT_INTERRUPTED = 130


def entry() -> None:
    """Console-script entry point."""
    try:
        from generator.cli import main
    except KeyboardInterrupt:
        print(INTERRUPTED, file=sys.stderr)
        sys.exit(EXIT_INTERRUPTED)
    sys.exit(main())


if __name__ == "__main__":
    entry()
