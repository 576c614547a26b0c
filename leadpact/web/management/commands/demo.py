from argparse import ArgumentParser
from typing import Any

from django.core.management import call_command
from django.core.management.base import BaseCommand

from leadpact.users.models import User
from leadpact.users.services import user_create

DEMO_PASSWORD = "leadpact-demo"
DEMO_USERS = [
    ("admin@leadpact.demo", "admin", None, "Adam Administrator"),
    ("marta.nowak@leadpact.demo", "marketing", None, "Marta Nowak"),
    ("tomasz.wisniewski@leadpact.demo", "sales_manager", "inside-sales", "Tomasz Wiśniewski"),
    ("piotr.zielinski@leadpact.demo", "sales_rep", "inside-sales", "Piotr Zieliński"),
    ("anna.kowalska@leadpact.demo", "sales_rep", "inside-sales", "Anna Kowalska"),
]


class Command(BaseCommand):
    help = "Set up demo users in the embedded database and start leadpact on 127.0.0.1"

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument("--host", default="127.0.0.1", help="address to listen on")
        parser.add_argument("--port", type=int, default=8000, help="port to listen on")
        parser.add_argument("--no-serve", action="store_true", help="set up only, do not serve")

    def handle(self, *args: Any, **options: Any) -> None:
        call_command("migrate", interactive=False, verbosity=0)
        for email, role, team, name in DEMO_USERS:
            if not User.objects.filter(email=email).exists():
                user_create(
                    email=email, role=role, password=DEMO_PASSWORD, name=name, team_slug=team
                )
        self.stdout.write(f"\nDemo users (password for all: {DEMO_PASSWORD}):")
        for email, role, _, name in DEMO_USERS:
            self.stdout.write(f"  {role:<14} {email:<34} {name}")
        base = f"http://{options['host']}:{options['port']}"
        self.stdout.write(f"\nAdmin: {base}/admin/   API docs: {base}/api/v1/docs\n")
        if not options["no_serve"]:
            call_command("serve", host=options["host"], port=options["port"], no_migrate=True)
