"""Run the command line with ``python -m siteselect``."""

from siteselect.cli import main

if __name__ == "__main__":
    main()
