"""The ``gongkai`` console command: everything ``manage.py`` does, plus the project's own
commands (``demo``, ``load_programme``, ...), with the settings module preset."""

import os
import sys


def main(argv: list[str] | None = None) -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "gongkai.conf.settings")
    from django.core.management import execute_from_command_line

    argv = list(sys.argv if argv is None else argv)
    argv[0] = "gongkai"
    execute_from_command_line(argv)


if __name__ == "__main__":
    main()
