from argparse import ArgumentParser
from typing import Any

from django.core.management import call_command
from django.core.management.base import BaseCommand
from django.core.wsgi import get_wsgi_application
from gunicorn.app.base import BaseApplication

from leadpact.core.commands import count_of_one_or_more, port_number


class GunicornServer(BaseApplication):  # type: ignore[misc]
    def __init__(self, options: dict[str, Any]) -> None:
        self.options = options
        super().__init__()

    def load_config(self) -> None:
        for key, value in self.options.items():
            self.cfg.set(key, value)

    def load(self) -> Any:
        # Built here, after `collectstatic`: WhiteNoise lists the static files once, when the
        # application is made, so one made at import would serve no CSS on a first start.
        return get_wsgi_application()


class Command(BaseCommand):
    help = "Serve the web app and API with gunicorn (migrates and collects static files first)"

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument("--host", default="127.0.0.1", help="address to listen on")
        parser.add_argument("--port", type=port_number, default=8000, help="port to listen on")
        parser.add_argument(
            "--workers", type=count_of_one_or_more, default=2, help="gunicorn worker processes"
        )
        parser.add_argument("--no-migrate", action="store_true", help="skip `migrate`")

    def handle(self, *args: Any, **options: Any) -> None:
        if not options["no_migrate"]:
            call_command("migrate", interactive=False, verbosity=0)
        call_command("collectstatic", interactive=False, verbosity=0)
        self.stdout.write(f"leadpact on http://{options['host']}:{options['port']}/")
        GunicornServer(
            {
                "bind": f"{options['host']}:{options['port']}",
                "workers": options["workers"],
                "threads": 4,
                "accesslog": "-",
                "timeout": 60,
            }
        ).run()
