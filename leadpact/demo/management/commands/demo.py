import os
import signal
import subprocess
import sys
from argparse import ArgumentParser
from pathlib import Path
from types import FrameType
from typing import Any

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.db import connections
from django.db.models import Q
from rich.console import Console
from rich.table import Table

from leadpact.agreements.models import AgreementVersion
from leadpact.core.commands import command_error, port_number, whole_number_between
from leadpact.core.exceptions import ApplicationError
from leadpact.demo.console import history_progress, summary_lines
from leadpact.demo.history import history_generate
from leadpact.demo.management.commands.generate import MONTHS_MAX
from leadpact.demo.staff import DEMO_DOMAIN, ROSTER, staff_ensure
from leadpact.leads.models import Lead
from leadpact.touches.models import Touch
from leadpact.users.models import User

DEMO_PASSWORD = "leadpact-demo"
WORKER_STOP_SECONDS = 15


class Command(BaseCommand):
    help = "Set up a demo (example agreement, months of history, users) and start leadpact"

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument("--host", default="127.0.0.1", help="address to listen on")
        parser.add_argument("--port", type=port_number, default=8000, help="port to listen on")
        parser.add_argument("--leads", type=int, default=3000, help="leads to generate (3000)")
        parser.add_argument(
            "--months",
            type=whole_number_between(1, MONTHS_MAX),
            default=3,
            help=f"months of history, 1 to {MONTHS_MAX} (3)",
        )
        parser.add_argument("--seed", type=int, default=2026, help="the history's random seed")
        parser.add_argument(
            "--reset", action="store_true", help="delete the demo database and start over"
        )
        parser.add_argument("--no-serve", action="store_true", help="set up only, do not serve")

    def handle(self, *args: Any, **options: Any) -> None:
        out = getattr(self.stdout, "_out", sys.stdout)
        console = Console(file=out, width=None if out.isatty() else 120)
        if options["reset"]:
            self._reset()
        call_command("migrate", interactive=False, verbosity=0)
        if Lead.objects.exists() or AgreementVersion.objects.exists():
            _demo_data_only_check()
            self.stdout.write(
                f"Reusing the data in {settings.LEADPACT_HOME} "
                f"({Lead.objects.count():,} leads); `leadpact demo --reset` starts over."
            )
            staff_ensure(members=list(ROSTER), password=DEMO_PASSWORD)
        else:
            self._generate(console, options)
        self._logins(console)
        base = f"http://{options['host']}:{options['port']}"
        self.stdout.write(
            f"\nSign in at {base}/sign-in/ with a login above."
            f"\nAdmin: {base}/admin/   API docs: {base}/api/v1/docs"
        )
        self.stdout.flush()
        if not options["no_serve"]:
            _links_point_at(base)
            if kept := _emails_kept_in_files():
                self.stdout.write(f"E-mails the demo sends are saved in {kept}, not printed here.")
            self._serve(host=options["host"], port=options["port"])

    def _reset(self) -> None:
        database = settings.DATABASES["default"]
        embedded = Path(settings.LEADPACT_HOME) / "leadpact.sqlite3"
        if database["ENGINE"] != "django.db.backends.sqlite3" or Path(database["NAME"]) != embedded:
            raise CommandError(
                "--reset deletes only the embedded SQLite database in LEADPACT_HOME "
                f"({embedded}); this installation uses LEADPACT_DATABASE_URL. Drop and "
                "recreate that database yourself, then run `leadpact demo` again.",
                returncode=2,
            )
        connections.close_all()
        # The worker's queue beside it holds tasks about the old data.
        queue = Path(settings.LEADPACT_HOME) / "queue.sqlite3"
        for base in (embedded, queue):
            for suffix in ("", "-wal", "-shm"):
                Path(f"{base}{suffix}").unlink(missing_ok=True)
        self.stdout.write(f"Deleted the demo database in {settings.LEADPACT_HOME}.")

    def _generate(self, console: Console, options: dict[str, Any]) -> None:
        self.stdout.write(
            f"Setting up the demo in {settings.LEADPACT_HOME}: the example agreement signed by "
            f"both heads, {options['leads']:,} leads over {options['months']} months."
        )
        try:
            with history_progress(console) as progress:
                summary = history_generate(
                    leads=options["leads"],
                    months=options["months"],
                    seed=options["seed"],
                    password=DEMO_PASSWORD,
                    progress=progress,
                )
        except ApplicationError as exc:
            raise command_error(exc) from None
        except KeyboardInterrupt:
            raise CommandError(
                "Interrupted: the database holds part of a history; `leadpact demo --reset` "
                "starts over.",
                returncode=130,
            ) from None
        for line in summary_lines(summary):
            self.stdout.write(line)

    def _logins(self, console: Console) -> None:
        users = {u.email: u for u in User.objects.filter(email__in=[m.email for m in ROSTER])}
        table = Table(title="Demo logins")
        table.add_column("Login", no_wrap=True)
        table.add_column("Password", no_wrap=True)
        table.add_column("Name")
        table.add_column("Job")
        table.add_column("Team")
        for member in ROSTER:
            user = users.get(member.email)
            usable = user is not None and user.has_usable_password()
            password = DEMO_PASSWORD if usable else "(none: leadpact changepassword)"
            table.add_row(member.email, password, member.name, member.title, member.team or "")
        console.print(table)

    def _serve(self, *, host: str, port: int) -> None:
        """gunicorn in this process, the worker beside it; both stop together."""
        signal.signal(signal.SIGTERM, _interrupt)
        parent = os.getpid()
        worker = subprocess.Popen(
            [sys.executable, "-m", "leadpact.cli", "worker"], env=os.environ.copy()
        )
        self.stdout.write(f"Worker started (pid {worker.pid}).")
        self.stdout.flush()
        try:
            call_command("serve", host=host, port=port, no_migrate=True)
        except KeyboardInterrupt:
            pass
        finally:
            # gunicorn's forked web workers leave through here too; only the parent owns it.
            if os.getpid() == parent:
                _stop(worker)
                self.stdout.write("leadpact stopped.")


# Touches the history generator stores carry external ids of its own (`gen-SEED-N`); an
# erasure in the demo renames them (`erased-N`).
DEMO_TOUCH_IDS = Q(external_id__startswith="gen-") | Q(external_id__startswith="erased-")


def _demo_data_only_check() -> None:
    """The demo's users sign in with a published password, so they are added only to a
    database that holds nothing but an earlier demo: never to a real installation's."""
    if not (
        User.objects.exclude(email__endswith=f"@{DEMO_DOMAIN}").exists()
        or Touch.objects.exclude(DEMO_TOUCH_IDS).exists()
        or Lead.objects.exclude(
            pk__in=Touch.objects.filter(DEMO_TOUCH_IDS).values("lead_id")
        ).exists()
    ):
        return
    raise CommandError(
        f"The database in use ({_database_named()}) holds users or leads that are not the "
        "demo's; the demo adds an administrator with a published password, so it does not "
        "run there. Start it in a fresh folder instead: LEADPACT_HOME=/tmp/leadpact-demo "
        "leadpact demo (with LEADPACT_DATABASE_URL unset).",
        returncode=2,
    )


def _database_named() -> str:
    database = settings.DATABASES["default"]
    return str(database["NAME"])


def _links_point_at(base: str) -> None:
    """The e-mails the demo sends link to where it serves, unless the installation says where
    (`LEADPACT_BASE_URL`): this process's settings and the worker's environment."""
    if os.environ.get("LEADPACT_BASE_URL"):
        return
    os.environ["LEADPACT_BASE_URL"] = base
    settings.LEADPACT_BASE_URL = base


FILE_BACKEND = "django.core.mail.backends.filebased.EmailBackend"


def _emails_kept_in_files() -> str | None:
    """Unless the installation sends e-mail somewhere (LEADPACT_EMAIL_BACKEND, SMTP), the demo's
    e-mails go to files in its data folder, one per send: printed, every notice the worker
    delivers would scroll the logins off a newcomer's terminal. Returns the folder."""
    if os.environ.get("LEADPACT_EMAIL_BACKEND") or os.environ.get("LEADPACT_SMTP_HOST"):
        return None
    os.environ["LEADPACT_EMAIL_BACKEND"] = FILE_BACKEND  # the worker's
    settings.EMAIL_BACKEND = FILE_BACKEND
    return str(settings.EMAIL_FILE_PATH)


def _interrupt(signum: int, frame: FrameType | None) -> None:
    raise KeyboardInterrupt


def _stop(worker: subprocess.Popen[bytes]) -> None:
    for send in (worker.send_signal, lambda _: worker.terminate(), lambda _: worker.kill()):
        if worker.poll() is not None:
            return
        send(signal.SIGINT)
        try:
            worker.wait(timeout=WORKER_STOP_SECONDS)
        except subprocess.TimeoutExpired:
            continue
