"""The `leadpact` console command: Django's management commands with leadpact's settings.

Whatever goes wrong before or around a command — a wrong LEADPACT_* variable, a database that
cannot be opened or has no tables yet, Ctrl-C, a closed pipe — ends in one line on stderr and a
non-zero exit, never a traceback.
"""

import os
import re
import sys
from importlib.metadata import PackageNotFoundError, version

DJANGO_COMMANDS_SHOWN = {
    "migrate": "Create or upgrade the database tables",
    "createsuperuser": "Create an administrator interactively",
    "changepassword": "Change a user's password",
    "check": "Check the installation for problems",
    "shell": "A Python shell with leadpact loaded",
    "dbshell": "Open the database's own shell",
}
EXIT_WRONG = 2
EXIT_INTERRUPTED = 130
# leadpact's own commands that make their tables themselves, or (these actions) need none.
NEED_NO_TABLES = {("demo", ""), ("serve", ""), ("agreement", "validate"), ("agreement", "example")}
NO_TABLE = re.compile(r"no such table|relation \S+ does not exist", re.IGNORECASE)
NO_TABLES_YET = "the database has no tables yet: run `leadpact migrate` first"


def leadpact_commands() -> dict[str, str]:
    """leadpact's own commands with the first line of each one's help."""
    from django.core.management import get_commands, load_command_class

    commands = {}
    for name, app in sorted(get_commands().items()):
        if app.startswith("leadpact."):
            help_text = load_command_class(app, name).help or ""
            commands[name] = help_text.strip().splitlines()[0] if help_text else ""
    return commands


def print_help() -> None:
    import django

    django.setup()
    print("usage: leadpact COMMAND [options]   (leadpact COMMAND --help for its options)\n")
    print("leadpact turns the marketing–sales agreement into running software.\n")
    print("leadpact commands:")
    for name, help_text in leadpact_commands().items():
        print(f"  {name:<16} {help_text}")
    print("\nDjango commands (all others work too, e.g. leadpact migrate):")
    for name, help_text in DJANGO_COMMANDS_SHOWN.items():
        print(f"  {name:<16} {help_text}")
    print("\nleadpact help COMMAND (or leadpact COMMAND --help) explains one command.")


def leadpact_version() -> str:
    try:
        return version("leadpact")
    except PackageNotFoundError:
        return "unknown (not installed)"


def main(argv: list[str] | None = None) -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    args = sys.argv[1:] if argv is None else argv
    try:
        _run(args)
        sys.stdout.flush()  # here, not at exit, so a closed pipe is caught below
    except KeyboardInterrupt:
        print("Interrupted.", file=sys.stderr)
        sys.exit(EXIT_INTERRUPTED)
    except BrokenPipeError:
        # The reader went away (`leadpact --help | head -2`): nothing more can be said to it.
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        sys.exit(1)


def _run(args: list[str]) -> None:
    from django.core.exceptions import ImproperlyConfigured
    from django.db import DatabaseError

    try:
        _command_run(args)
    except ImproperlyConfigured as wrong:
        _stop(str(wrong), EXIT_WRONG)
    except DatabaseError as error:
        _stop(*_database_problem(error))


def _command_run(args: list[str]) -> None:
    if args[:1] == ["--version"]:
        print(f"leadpact {leadpact_version()}")
        return
    if not args or args in (["-h"], ["--help"], ["help"]):
        print_help()
        return
    import django
    from django.core.management import execute_from_command_line

    django.setup()  # reads the LEADPACT_* environment now
    if _needs_tables(args) and not _tables_exist():
        _stop(NO_TABLES_YET, EXIT_WRONG)
    execute_from_command_line(["leadpact", *args])


def _needs_tables(args: list[str]) -> bool:
    """Whether the command is one of leadpact's own that reads or writes its tables."""
    from django.core.management import get_commands

    name = args[0]
    action = next((a for a in args[1:] if not a.startswith("-")), "")
    if "-h" in args or "--help" in args or not get_commands().get(name, "").startswith("leadpact."):
        return False
    return (name, "") not in NEED_NO_TABLES and (name, action) not in NEED_NO_TABLES


def _tables_exist() -> bool:
    from django.db import connection

    from leadpact.users.models import User

    return User._meta.db_table in connection.introspection.table_names()


def _database_problem(error: Exception) -> tuple[str, int]:
    from django.db import connection

    reason = (str(error).strip().splitlines() or [type(error).__name__])[0]
    if NO_TABLE.search(str(error)) or type(error.__cause__).__name__ == "UndefinedTable":
        return NO_TABLES_YET, EXIT_WRONG
    if connection.connection is None:
        return f"cannot open the database {_database_name()}: {reason}", EXIT_WRONG
    return f"the database refused the command: {reason}", 1


def _database_name() -> str:
    from django.conf import settings

    database = settings.DATABASES["default"]
    if database["ENGINE"].endswith("sqlite3"):
        return str(database["NAME"])
    return f"{database['NAME']} at {database.get('HOST') or 'localhost'}:{database.get('PORT') or 5432}"


def _stop(message: str, code: int) -> None:
    print(f"leadpact: {message}", file=sys.stderr)
    sys.exit(code)


if __name__ == "__main__":
    main()
