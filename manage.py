#!/usr/bin/env python
"""Django's command-line utility for Parley."""

import os
import sys


def main() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    from django.core.management import execute_from_command_line

    from config.env import ConfigError

    try:
        execute_from_command_line(sys.argv)
    except ConfigError as exc:
        # A bad setting is one clear line, not a traceback.
        sys.stderr.write(f"parley: configuration error: {exc}\n")
        sys.exit(2)


if __name__ == "__main__":
    main()
