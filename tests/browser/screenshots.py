"""Screenshots of the main pages, with a generated demo history, for the README and the docs.

    .venv/bin/python -m tests.browser.screenshots [--leads 400] [--out docs/screenshots]
    make screenshots

Sets up a demo (`leadpact demo --no-serve`: the example agreement signed by both heads, months
of generated history ending now, the demo staff) in a fresh data folder, serves it with
`leadpact serve` on a free local port, and has Chromium (Debian's, as in the browser tests)
save each page as a PNG at 1280×800, in Polish, signed in as the person who uses it.
"""

import argparse
import io
import os
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
DEMO_PASSWORD = "leadpact-demo"  # leadpact.demo.management.commands.demo
MANAGER = "anna.kowalczyk@leadpact.demo"  # sales-sme, Piotr's team
MARKETING = "marta.nowak@leadpact.demo"
SALES_HEAD = "tomasz.wisniewski@leadpact.demo"  # signs the agreement for sales


@dataclass(frozen=True)
class Shot:
    name: str
    who: str
    path: str
    width: int = 1280
    height: int = 800


def shots(rep: str, lead_id: int) -> list[Shot]:
    return [
        Shot("queue", rep, "/queue/"),
        Shot("lead", rep, f"/leads/{lead_id}/"),
        Shot("home-rep", rep, "/"),
        Shot("inbox", rep, "/inbox/"),
        Shot("team", MANAGER, "/team/"),
        Shot("agreement", MARKETING, "/agreement/"),
        Shot("agreement-versions", MARKETING, "/agreement/versions/"),
        Shot("agreement-sign", SALES_HEAD, "/agreement/versions/2/sign/"),
        Shot("marketing-pool", MARKETING, "/marketing/pool/?stage=nurture"),
        Shot("marketing-rejected", MARKETING, "/marketing/rejected/"),
        Shot("report", MARKETING, "/reports/"),
        Shot("queue-phone", rep, "/queue/", width=375, height=812),
    ]


# The latest new leads, so that the queues show countdowns in every colour: (business hours
# ago, first name, last name, job title, company, domain). ICP-A manufacturers of 800 people
# go to the team sales-sme, its three reps in turn: each gets one green, one amber (past the
# 50 % reminder) and one red (past 80 %) of the 8 business hours to accept.
ARRIVALS = [
    (7.2, "Paweł", "Grabowski", "Prezes zarządu", "Termotech S.A.", "termotech.pl"),
    (7.0, "Ewelina", "Zając", "Head of IT", "Metalplast Sp. z o.o.", "metalplast.com.pl"),
    (6.8, "Tomasz", "Kaczmarek", "Dyrektor operacyjny", "Formex S.A.", "formex.pl"),
    (5.0, "Agnieszka", "Wiśniewska", "CFO", "Polmech Sp. z o.o.", "polmech.com.pl"),
    (4.6, "Marek", "Jankowski", "Kierownik utrzymania ruchu", "Odlewnia Śląsk", "odlewnia.pl"),
    (4.2, "Barbara", "Kamińska", "Dyrektor IT", "Stalmet S.A.", "stalmet.pl"),
    (1.5, "Rafał", "Krawczyk", "Kierownik produkcji", "Hydropol Sp. z o.o.", "hydropol.pl"),
    (1.0, "Monika", "Piotrowska", "Dyrektor finansowy", "Elkon S.A.", "elkon.com.pl"),
    (0.5, "Łukasz", "Nowicki", "CTO", "Automex Sp. z o.o.", "automex.pl"),
]


def business_hours_ago(hours: float) -> datetime:
    """The latest moment `hours` business hours (the agreement's calendar) before now."""
    from datetime import timedelta

    from django.utils import timezone

    from leadpact.agreements.selectors import agreement_active_agreement
    from leadpact.sla.clock import calendar_business_hours_between, calendar_from_agreement

    agreement = agreement_active_agreement()
    assert agreement is not None, "the demo puts the example agreement in force"
    calendar = calendar_from_agreement(agreement.calendar)
    now = timezone.now()
    early, late = now - timedelta(days=21), now
    for _ in range(60):  # bisection: business hours since t fall as t rises
        middle = early + (late - early) / 2
        if calendar_business_hours_between(calendar, middle, now) >= hours:
            early = middle
        else:
            late = middle
    return early


def leads_arrive() -> None:
    """Each new lead downloads an e-book and attends a webinar (warm) at an ICP-A account, and
    so is handed to the next rep of sales-sme at that moment, through the touch pipeline."""
    from datetime import timedelta

    import time_machine

    from leadpact.demo.people import email_local
    from leadpact.touches.schemas import TouchIn
    from leadpact.touches.services import touches_record_bulk

    for hours, first, last, title, company, domain in ARRIVALS:
        at = business_hours_ago(hours)
        lead = {
            "email": f"{email_local(first)}.{email_local(last)}@{domain}",
            "first_name": first,
            "last_name": last,
            "job_title": title,
        }
        account = {
            "domain": domain,
            "name": company,
            "industry": "manufacturing",
            "employees": 800,
            "country": "PL",
            "annual_revenue": "120000000",
        }
        touches = [
            TouchIn.model_validate(
                {
                    "external_id": f"screenshots-{domain}-{kind}",
                    "source": "webinar-tool" if kind.startswith("webinar") else "website",
                    "type": kind,
                    "occurred_at": at - timedelta(minutes=5 * (2 - step)),
                    "campaign": "webinar-chmura-w-produkcji",
                    "lead": lead,
                    "account": account,
                }
            )
            for step, kind in enumerate(("ebook_download", "webinar_attended"))
        ]
        with time_machine.travel(at, tick=False):
            touches_record_bulk(items=touches)


def version_proposed() -> None:
    """Marta proposes version 2 (a higher sales goal, a shorter time to accept) and signs it;
    Tomasz's signature is awaited."""
    import yaml

    from leadpact.agreements.rules.loading import example_agreement_text
    from leadpact.agreements.services import agreement_version_propose, agreement_version_sign
    from leadpact.users.models import User

    document = yaml.safe_load(example_agreement_text("pl"))
    document["goals"]["sales"]["won_deals"] = 15
    document["handoff"]["sla"]["accept_within_hours"] = 6
    marta = User.objects.get(email=MARKETING)
    version = agreement_version_propose(
        text=yaml.safe_dump(document, allow_unicode=True, sort_keys=False),
        filename="agreement.pl.yaml",
        proposed_by=marta,
    )
    agreement_version_sign(version=version, signer=marta)


def demo_set_up(leads: int) -> tuple[str, int]:
    """Generate the demo into this process's LEADPACT_HOME, and this morning's new leads. The
    rep to show: the one with most leads waiting; the lead: one of theirs, accepted or
    qualified, with the longest story."""
    import django

    django.setup()
    from django.core.management import call_command
    from django.db.models import Count

    from leadpact.leads.models import Handoff, Lead

    print(f"Generating the demo: {leads} leads over 3 months …", file=sys.stderr)
    call_command("demo", leads=leads, months=3, no_serve=True, stdout=io.StringIO())
    leads_arrive()
    version_proposed()
    # Before the server starts: WhiteNoise lists the static files once, when it starts.
    call_command("collectstatic", interactive=False, verbosity=0)
    busiest = (
        Handoff.objects.filter(state=Handoff.State.WAITING, owner__isnull=False)
        .values_list("owner__email")
        .annotate(n=Count("id"))
        .order_by("-n", "owner__email")
        .first()
    )
    rep = busiest[0] if busiest else "piotr.zielinski@leadpact.demo"
    lead = (
        Lead.objects.filter(owner__email=rep, stage__in=[Lead.Stage.SAL, Lead.Stage.SQL])
        .annotate(n=Count("events"))
        .order_by("-n", "pk")
        .first()
    ) or Lead.objects.filter(owner__email=rep).order_by("pk").first()
    if lead is None:
        raise SystemExit(f"The demo gave {rep} no lead; try more --leads.")
    return rep, lead.pk


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def serve(port: int) -> subprocess.Popen[bytes]:
    server = subprocess.Popen(
        [sys.executable, "-m", "leadpact.cli", "serve", "--port", str(port), "--workers", "1"],
        cwd=ROOT,
        env=os.environ.copy(),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise SystemExit(f"`leadpact serve` stopped (exit {server.returncode}).")
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/sign-in/", timeout=2):
                return server
        except OSError:
            time.sleep(0.3)  # polling a process that is starting, not waiting in a test
    server.terminate()
    raise SystemExit("`leadpact serve` did not answer within 60 s.")


def photograph(site: str, out: Path, wanted: list[Shot]) -> list[Path]:
    from playwright.sync_api import expect, sync_playwright

    from tests.browser.chromium import CHROMIUM, CHROMIUM_ARGS

    saved = []
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=str(CHROMIUM), args=CHROMIUM_ARGS, headless=True
        )
        signed_in = {}
        for who in sorted({shot.who for shot in wanted}):
            context = browser.new_context(viewport={"width": 1280, "height": 800}, locale="pl-PL")
            context.set_default_timeout(15_000)
            page = context.new_page()
            page.goto(f"{site}/sign-in/")
            page.get_by_label("E-mail").fill(who)
            page.get_by_label("Hasło").fill(DEMO_PASSWORD)
            page.get_by_role("button", name="Zaloguj się").click()
            expect(page.locator("form[action='/sign-out/'] button")).to_be_visible()
            signed_in[who] = page
        for shot in wanted:
            page = signed_in[shot.who]
            page.set_viewport_size({"width": shot.width, "height": shot.height})
            response = page.goto(site + shot.path)
            if response is None or not response.ok:
                status = response.status if response else "no response"
                print(f"{shot.path}: {status}, not saved", file=sys.stderr)
                continue
            page.wait_for_load_state("networkidle")
            target = out / f"{shot.name}.png"
            page.screenshot(path=str(target))
            saved.append(target)
            print(f"{target.relative_to(ROOT) if target.is_relative_to(ROOT) else target}")
        browser.close()
    return saved


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--leads", type=int, default=400, help="leads in the demo (400)")
    parser.add_argument("--out", type=Path, default=ROOT / "docs" / "screenshots")
    options = parser.parse_args()
    from tests.browser.chromium import CHROMIUM

    if not CHROMIUM.exists():
        print(f"Chromium is not at {CHROMIUM}: apt-get install chromium", file=sys.stderr)
        return 2
    options.out.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="leadpact-screenshots-") as home:
        os.environ["LEADPACT_HOME"] = home
        os.environ.pop("LEADPACT_DATABASE_URL", None)  # the demo's own SQLite, never yours
        os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
        rep, lead_id = demo_set_up(options.leads)
        port = free_port()
        server = serve(port)
        try:
            photograph(f"http://127.0.0.1:{port}", options.out.resolve(), shots(rep, lead_id))
        finally:
            server.terminate()
            server.wait(timeout=30)
    return 0


if __name__ == "__main__":
    sys.exit(main())
