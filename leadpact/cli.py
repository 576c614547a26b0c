"""The `leadpact` console command: Django's management commands with leadpact's settings."""

import os
import sys

DJANGO_COMMANDS_SHOWN = {
    "migrate": "Create or upgrade the database tables",
    "createsuperuser": "Create an administrator interactively",
    "changepassword": "Change a user's password",
    "check": "Check the installation for problems",
    "shell": "A Python shell with leadpact loaded",
    "dbshell": "Open the database's own shell",
}


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


def main(argv: list[str] | None = None) -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    args = sys.argv[1:] if argv is None else argv
    if not args or args[0] in ("-h", "--help", "help"):
        print_help()
        return
    from django.conf import settings
    from django.core.exceptions import ImproperlyConfigured
    from django.core.management import execute_from_command_line

    try:
        settings.INSTALLED_APPS  # noqa: B018 - reads the LEADPACT_* environment now
    except ImproperlyConfigured as wrong:
        print(f"leadpact: {wrong}", file=sys.stderr)
        sys.exit(2)
    execute_from_command_line(["leadpact", *args])


if __name__ == "__main__":
    main()
