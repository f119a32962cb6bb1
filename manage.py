#!/usr/bin/env python
"""Django's manage.py; the `gongkai` console script does the same."""

from gongkai.cli import main

if __name__ == "__main__":
    main()
