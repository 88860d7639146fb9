"""`python -m framelens …` runs the framelens command installed with the package."""

import os
import sys

from . import command


def main() -> None:
    path = command()
    if path is None:
        sys.exit("framelens: the command is not installed next to this Python; reinstall the framelens wheel")
    os.execv(path, [path, *sys.argv[1:]])


if __name__ == "__main__":
    main()
