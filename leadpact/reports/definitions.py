"""Each figure's name and definition, in Polish and English, printed beside it in the table,
CSV and XLSX outputs (docs/report.md is the long form).

Keys are the report's dotted JSON paths; `*` stands for a segment that varies (a rejection
reason, a rep, a persona, a period), and `{0}`, `{1}` in a label for what it matched.
"""

from dataclasses import dataclass
from typing import Literal

Language = Literal["pl", "en"]


@dataclass(frozen=True)
class Definition:
    label_pl: str
    label_en: str
    text_pl: str
    text_en: str

    def label(self, lang: str) -> str:
        return self.label_en if lang == "en" else self.label_pl

    def text(self, lang: str) -> str:
        return self.text_en if lang == "en" else self.text_pl


D = Definition
SECTIONS: dict[str, tuple[str, str]] = {
    "overview": ("Podsumowanie", "Overview"),
    "sla": ("SLA", "SLA"),
    "funnel": ("Lejek", "Funnel"),
    "goals": ("Cele", "Goals"),
    "coverage": ("Pokrycie", "Coverage"),
    "calibration": ("Kalibracja", "Calibration"),
    "feedback": ("Feedback", "Feedback"),
    "per_rep": ("Handlowcy", "Reps"),
    "previous": ("Poprzedni okres", "Previous period"),
}
SECTION_OF = {
    "sla": "sla", "funnel": "funnel", "goals": "goals", "coverage": "coverage",
    "calibration": "calibration", "feedback": "feedback", "per_rep": "per_rep",
    "previous": "previous",
}  # fmt: skip

_SLA_COUNTS = {
    "due": D("Terminy przyjęcia", "Accept deadlines", "Przekazania, których termin przyjęcia (lub odrzucenia) przypadł w okresie.", "Handoffs whose accept (or reject) deadline fell in the period."),
    "in_time": D("Decyzje w terminie", "Decided in time", "Z nich: przyjęte lub odrzucone najpóźniej w terminie.", "Of those: accepted or rejected by the deadline."),
    "in_time_share": D("Udział decyzji w terminie", "Share decided in time", "Decyzje w terminie / terminy przyjęcia.", "Decided in time / accept deadlines."),
    "contact_due": D("Terminy pierwszego kontaktu", "First-contact deadlines", "Przekazania z terminem pierwszego kontaktu w okresie (bez odrzuconych lub zamkniętych przed terminem bez kontaktu).", "Handoffs whose first-contact deadline fell in the period (less those rejected or closed before it without a contact)."),
    "contact_in_time": D("Kontakt w terminie", "Contacted in time", "Z nich: pierwszy kontakt najpóźniej w terminie.", "Of those: first contact by the deadline."),
    "contact_in_time_share": D("Udział kontaktów w terminie", "Share contacted in time", "Kontakt w terminie / terminy pierwszego kontaktu.", "Contacted in time / first-contact deadlines."),
    "breaches": D("Przekroczenia terminu przyjęcia", "Accept breaches", "Przekazania, których termin przyjęcia minął w okresie bez decyzji.", "Handoffs whose accept deadline passed in the period with no decision."),
    "contact_breaches": D("Przekroczenia terminu kontaktu", "First-contact breaches", "Przekazania, których termin pierwszego kontaktu minął w okresie bez kontaktu.", "Handoffs whose first-contact deadline passed in the period with no contact."),
    "escalations": D("Eskalacje", "Escalations", "Eskalacje do kierownika zespołu w okresie.", "Escalations to the team manager in the period."),
}  # fmt: skip

_LEVEL = {
    "handed_off": D("Kalibracja {0}: przekazane", "Calibration {0}: handed off", "Przekazania otwarte w okresie, gdy marketing oceniał leada jako {0}.", "Handoffs opened in the period while marketing rated the lead {0}."),
    "accepted": D("Kalibracja {0}: przyjęte", "Calibration {0}: accepted", "Z nich przyjęte przez sprzedaż (do dziś).", "Of those, accepted by sales (to date)."),
    "qualified": D("Kalibracja {0}: zakwalifikowane", "Calibration {0}: qualified", "Z nich przyjęte, nieodrzucone i z temperaturą sprzedażową.", "Of those, accepted, not rejected and with a sales temperature."),
    "qualified_hot": D("Kalibracja {0}: gorące wg sprzedaży", "Calibration {0}: hot per sales", "Z nich zakwalifikowane przez sprzedaż jako gorące.", "Of those, qualified by sales as hot."),
    "won": D("Kalibracja {0}: wygrane", "Calibration {0}: won", "Z nich wygrane (do dziś).", "Of those, won (to date)."),
    "accepted_share": D("Kalibracja {0}: udział przyjętych", "Calibration {0}: accepted share", "Przyjęte / przekazane.", "Accepted / handed off."),
    "hot_share": D("Kalibracja {0}: udział gorących", "Calibration {0}: hot share", "Gorące wg sprzedaży / przekazane.", "Hot per sales / handed off."),
    "won_share": D("Kalibracja {0}: udział wygranych", "Calibration {0}: won share", "Wygrane / przekazane.", "Won / handed off."),
}  # fmt: skip

_HANDED = {
    "total": D("Przekazane do sprzedaży", "Handed to sales", "Przekazania (handoffy) otwarte w okresie.", "Handoffs opened in the period."),
    "accepted": D("Przekazane: przyjęte", "Handed off: accepted", "Z nich przyjęte przez sprzedaż przed końcem okresu (i nieodrzucone później w okresie).", "Of those, accepted by sales before the period ended (and not rejected afterwards within it)."),
    "rejected": D("Przekazane: odrzucone", "Handed off: rejected", "Z nich odrzucone przed końcem okresu.", "Of those, rejected before the period ended."),
    "waiting": D("Przekazane: oczekujące", "Handed off: waiting", "Z nich bez decyzji sprzedaży na koniec okresu.", "Of those, with no decision by sales at the end of the period."),
}  # fmt: skip

_HEADLINE = {
    "mql.icp": D("MQL zgodne z ICP", "MQLs matching the ICP", "Leady, które w okresie stały się MQL, z oceną ICP uznaną w umowie za zgodną (goals.marketing.icp_grades).", "Leads that became MQL in the period with an ICP grade the agreement counts as a match (goals.marketing.icp_grades)."),
    "mql.non_icp": D("MQL poza ICP", "MQLs outside the ICP", "Pozostałe leady, które w okresie stały się MQL.", "The other leads that became MQL in the period."),
    "mql.total": D("MQL", "MQLs", "Leady, które w okresie stały się MQL (każdy raz).", "Leads that became MQL during the period (each once)."),
    "hot": D("Leady gorące", "Hot leads", "Leady, którym sprzedaż nadała w okresie najwyższą temperaturę (gorący: zakup w ciągu 6 mies.).", "Leads given sales' highest temperature in the period (hot: a purchase within 6 months)."),
    "nurture": D("Nurturing", "Nurture", "Leady odłożone w okresie na przyszłość (przeniesione do nurturingu).", "Leads kept for the future in the period (moved to nurture)."),
    "in_progress.total": D("W toku", "In progress", "Przekazania przyjęte (SAL lub SQL) i otwarte na koniec okresu.", "Handoffs accepted (SAL or SQL) and still open at the end of the period."),
    "in_progress.sal": D("W toku: SAL", "In progress: SAL", "Z nich jeszcze niezakwalifikowane.", "Of those, not qualified yet."),
    "in_progress.sql": D("W toku: SQL", "In progress: SQL", "Z nich zakwalifikowane (umówione spotkanie).", "Of those, qualified (a meeting booked)."),
    "won.count": D("Wygrane", "Won", "Leady wygrane w okresie.", "Leads won in the period."),
    "won.revenue": D("Przychód", "Revenue", "Suma przychodu leadów wygranych w okresie, w walucie celów.", "Revenue of the leads won in the period, in the goals' currency."),
    "won.currency": D("Waluta", "Currency", "Waluta celów sprzedażowych.", "The currency of the sales goals."),
    "won.other_currencies.*": D("Przychód w {0}", "Revenue in {0}", "Przychód wygranych w innej walucie (nieprzeliczony).", "Revenue won in another currency (not converted)."),
    "rejection_reasons.*": D("Odrzucone: {0}", "Rejected: {0}", "Przekazania odrzucone w okresie z tym powodem.", "Handoffs rejected in the period for this reason."),
}  # fmt: skip

_META = {
    "period": D("Okres", "Period", "Miesiąc (RRRR-MM) lub kwartał (RRRR-QN) w strefie czasowej umowy.", "A month (YYYY-MM) or quarter (YYYY-QN) in the agreement's time zone."),
    "period_kind": D("Rodzaj okresu", "Period kind", "month albo quarter.", "month or quarter."),
    "time_zone": D("Strefa czasowa", "Time zone", "Strefa czasowa kalendarza umowy.", "The time zone of the agreement's calendar."),
    "starts_at": D("Początek", "Starts", "Północ pierwszego dnia okresu (UTC).", "Midnight of the period's first day (UTC)."),
    "ends_at": D("Koniec", "Ends", "Północ po ostatnim dniu okresu (UTC), wyłącznie.", "Midnight after the period's last day (UTC), excluded."),
    "generated_at": D("Wygenerowano", "Generated", "Chwila wygenerowania raportu.", "When the report was generated."),
    "agreement_versions": D("Wersje umowy", "Agreement versions", "Numery wersji umowy obowiązujących w okresie.", "Numbers of the agreement versions in force during the period."),
}  # fmt: skip

_SLA = {
    "sla.accept_within_hours": D("Termin przyjęcia (h robocze)", "Accept deadline (business h)", "Ile godzin roboczych umowa daje sprzedaży na przyjęcie lub odrzucenie leada.", "Business hours the agreement gives sales to accept or reject a lead."),
    "sla.first_contact_within_hours": D("Termin kontaktu (h robocze)", "First-contact deadline (business h)", "Ile godzin roboczych umowa daje na pierwszy kontakt z leadem.", "Business hours the agreement gives for the first contact."),
    **{f"sla.{key}": value for key, value in _SLA_COUNTS.items()},
    "sla.time_to_accept_hours.count": D("Przyjęte w okresie", "Accepted in the period", "Przekazania przyjęte w okresie.", "Handoffs accepted in the period."),
    "sla.time_to_accept_hours.median": D("Mediana czasu do przyjęcia (h robocze)", "Median time to accept (business h)", "Od otwarcia przekazania do przyjęcia, w godzinach roboczych kalendarza umowy.", "From the handoff's opening to acceptance, in the agreement calendar's business hours."),
    "sla.time_to_accept_hours.p90": D("90. percentyl czasu do przyjęcia", "90th percentile time to accept", "Jak wyżej; 90% przyjęć nie trwało dłużej.", "As above; 90% of acceptances took no longer."),
    "sla.time_to_first_contact_hours.count": D("Pierwsze kontakty w okresie", "First contacts in the period", "Przekazania z pierwszym kontaktem w okresie.", "Handoffs first contacted in the period."),
    "sla.time_to_first_contact_hours.median": D("Mediana czasu do kontaktu (h robocze)", "Median time to first contact (business h)", "Od otwarcia przekazania do pierwszego kontaktu, w godzinach roboczych.", "From the handoff's opening to the first contact, in business hours."),
    "sla.time_to_first_contact_hours.p90": D("90. percentyl czasu do kontaktu", "90th percentile time to first contact", "Jak wyżej; 90% kontaktów nie trwało dłużej.", "As above; 90% of first contacts took no longer."),
    **{f"sla.per_rep.*.{key}": D(f"{{0}}: {value.label_pl}", f"{{0}}: {value.label_en}", value.text_pl, value.text_en) for key, value in _SLA_COUNTS.items()},
    "sla.history.*.due": D("{0}: terminy przyjęcia", "{0}: accept deadlines", "Terminy przyjęcia w okresie {0}.", "Accept deadlines in {0}."),
    "sla.history.*.in_time": D("{0}: decyzje w terminie", "{0}: decided in time", "Decyzje w terminie w okresie {0}.", "Decided in time in {0}."),
    "sla.history.*.in_time_share": D("{0}: udział w terminie", "{0}: share in time", "Udział decyzji w terminie w okresie {0}.", "Share decided in time in {0}."),
}  # fmt: skip

_FUNNEL = {
    "funnel.mql": D("Kohorta MQL", "MQL cohort", "Leady, które stały się MQL w okresie.", "Leads that became MQL in the period."),
    "funnel.sal": D("Kohorta: SAL", "Cohort: SAL", "Z nich przyjęte przez sprzedaż (do dziś).", "Of those, accepted by sales (to date)."),
    "funnel.sql": D("Kohorta: SQL", "Cohort: SQL", "Z nich zakwalifikowane jako lead sprzedażowy (do dziś).", "Of those, qualified as a sales lead (to date)."),
    "funnel.won": D("Kohorta: wygrane", "Cohort: won", "Z nich wygrane (do dziś).", "Of those, won (to date)."),
    "funnel.conversion.mql_to_sal": D("Konwersja MQL → SAL", "Conversion MQL → SAL", "SAL / MQL w kohorcie.", "SAL / MQL in the cohort."),
    "funnel.conversion.sal_to_sql": D("Konwersja SAL → SQL", "Conversion SAL → SQL", "SQL / SAL w kohorcie.", "SQL / SAL in the cohort."),
    "funnel.conversion.sql_to_won": D("Konwersja SQL → wygrane", "Conversion SQL → won", "Wygrane / SQL w kohorcie.", "Won / SQL in the cohort."),
    "funnel.conversion.mql_to_won": D("Konwersja MQL → wygrane", "Conversion MQL → won", "Wygrane / MQL w kohorcie.", "Won / MQL in the cohort."),
    "funnel.median_days_in_stage.mql": D("Mediana dni w MQL", "Median days in MQL", "Od wejścia do kohorty do przyjęcia (dni kalendarzowe).", "From entering the cohort to acceptance (calendar days)."),
    "funnel.median_days_in_stage.sal": D("Mediana dni w SAL", "Median days in SAL", "Od przyjęcia do kwalifikacji.", "From acceptance to qualification."),
    "funnel.median_days_in_stage.sql": D("Mediana dni w SQL", "Median days in SQL", "Od kwalifikacji do wygranej.", "From qualification to the win."),
}  # fmt: skip

_GOAL_PARTS = {
    "goal": ("cel", "goal"),
    "actual": ("wykonanie", "actual"),
    "attainment": ("realizacja", "attainment"),
}
_GOAL_NAMES = {
    "mqls": ("MQL", "MQLs"),
    "icp_share_percent": ("Udział ICP (%)", "ICP share (%)"),
    "won_deals": ("Wygrane", "Won deals"),
    "revenue": ("Przychód", "Revenue"),
}
_GOALS = {
    "goals.sales_goal_per": D("Cele sprzedaży na", "Sales goals per", "Okres, na który umowa określa cele sprzedaży.", "The period the agreement sets sales goals for."),
    "goals.marketing_goal_per": D("Cele marketingu na", "Marketing goals per", "Okres, na który umowa określa cele marketingu.", "The period the agreement sets marketing goals for."),
    "goals.revenue.currency": D("Waluta celu", "Goal currency", "Waluta celu przychodu.", "The revenue goal's currency."),
    **{
        f"goals.{name}.{part}": D(f"{pl}: {part_pl}", f"{en}: {part_en}",
            "Cel z umowy, proporcjonalnie do długości okresu (cel kwartalny / 3 na miesiąc); realizacja = wykonanie / cel; udziału ICP nie dzieli się.",
            "The agreement's goal prorated to the period by its months (a quarterly goal / 3 for a month); attainment = actual / goal; the ICP share is not prorated.")
        for name, (pl, en) in _GOAL_NAMES.items()
        for part, (part_pl, part_en) in _GOAL_PARTS.items()
    },
}  # fmt: skip

_COVERAGE = {
    "coverage.target_accounts": D("Firmy docelowe", "Target accounts", "Firmy oznaczone obecnie jako docelowe.", "Accounts flagged as targets now."),
    "coverage.min_distinct_actions": D("Próg różnych działań", "Distinct actions required", "N z umowy: ile różnych działań marketingowych na firmę.", "The agreement's N: distinct marketing actions per account."),
    "coverage.counted_as": D("Działanie liczone jako", "An action counts as", "Różne kampanie albo różne rodzaje styku — jak mówi umowa.", "Distinct campaigns or distinct touch types, as the agreement says."),
    "coverage.goal_per": D("KPI na", "KPI per", "Okres KPI w umowie (mierzony tu w okresie raportu).", "The KPI's period in the agreement (measured here over the report's period)."),
    "coverage.touched": D("Firmy docelowe z dowolnym stykiem", "Target accounts touched", "Firmy docelowe z co najmniej jednym stykiem w okresie.", "Target accounts with at least one touch in the period."),
    "coverage.touched_share": D("Udział firm z dowolnym stykiem", "Share touched", "Firmy z dowolnym stykiem / firmy docelowe.", "Touched / target accounts."),
    "coverage.covered": D("Firmy pokryte (≥ N działań)", "Covered accounts (≥ N actions)", "Firmy docelowe z co najmniej N różnymi działaniami w okresie.", "Target accounts touched by at least N distinct actions in the period."),
    "coverage.covered_share": D("Pokrycie firm docelowych", "Target account coverage", "Firmy pokryte / firmy docelowe.", "Covered / target accounts."),
    "coverage.personas.required": D("Wymagane role", "Required personas", "Role komitetu zakupowego z umowy.", "The buying committee's roles in the agreement."),
    "coverage.personas.goal_per": D("Pokrycie ról na", "Persona coverage per", "Okres celu w umowie.", "The goal's period in the agreement."),
    "coverage.personas.per_persona.*.accounts": D("Firmy z rolą {0}", "Accounts reaching {0}", "Firmy docelowe, w których w okresie był styk z osobą o tej roli.", "Target accounts where a person of this role was touched in the period."),
    "coverage.personas.per_persona.*.share": D("Udział firm z rolą {0}", "Share reaching {0}", "Jak wyżej / firmy docelowe.", "As above / target accounts."),
    "coverage.personas.all": D("Firmy ze wszystkimi rolami", "Accounts reaching every persona", "Firmy docelowe, w których w okresie był styk z każdą wymaganą rolą.", "Target accounts where every required role was touched in the period."),
    "coverage.personas.all_share": D("Udział firm ze wszystkimi rolami", "Share reaching every persona", "Jak wyżej / firmy docelowe.", "As above / target accounts."),
}  # fmt: skip

_CALIBRATION = {
    **{f"calibration.levels.*.{key}": value for key, value in _LEVEL.items()},
    "calibration.qualified": D("Zakwalifikowane przez sprzedaż", "Qualified by sales", "Przekazania z okresu z temperaturą sprzedażową.", "The period's handoffs with a sales temperature."),
    "calibration.disagreed": D("Rozbieżne temperatury", "Temperatures disagreed", "Z nich: temperatura sprzedaży inna niż marketingu przy przekazaniu.", "Of those, sales' temperature differs from marketing's at handoff."),
    "calibration.disagreement_share": D("Udział rozbieżności", "Disagreement share", "Rozbieżne / zakwalifikowane.", "Disagreed / qualified."),
}  # fmt: skip

_FEEDBACK = {
    "feedback.source": D("Źródło", "Source", "Skąd pochodzi feedback (zdarzenia leadów).", "Where feedback is read from (lead events)."),
    "feedback.count": D("Feedback", "Feedback", "Wpisy feedbacku sprzedaży w okresie.", "Sales feedback entries in the period."),
    "feedback.leads": D("Leady z feedbackiem", "Leads with feedback", "Różne leady, których dotyczył feedback.", "Distinct leads the feedback was about."),
    "feedback.interesting": D("Najciekawsze kontakty", "Most interesting contacts", "Wpisy oznaczone przez sprzedaż jako najciekawsze.", "Entries sales marked as most interesting."),
    "feedback.answers.*": D("Odpowiedzi: {0}", "Answers: {0}", "Wpisy z odpowiedzią na to pytanie umowy.", "Entries answering this question of the agreement."),
    "feedback.information_requests.total": D("Prośby o informacje", "Information requests", "Prośby sprzedaży o dodatkowe informacje.", "Sales' requests for more information."),
    "feedback.information_requests.open": D("Prośby otwarte", "Requests open", "Prośby bez odpowiedzi.", "Requests not answered yet."),
    "feedback.information_requests.answered": D("Prośby z odpowiedzią", "Requests answered", "Prośby, na które marketing odpowiedział.", "Requests marketing answered."),
    "feedback.interesting_contacts": D("Lista najciekawszych kontaktów", "Most interesting contacts, listed", "Kontakty wskazane przez sprzedaż jako najciekawsze, z uzasadnieniem (pusta: żadnych w okresie).", "Contacts sales named most interesting, with the reason (empty: none in the period)."),
    "feedback.interesting_contacts.*.lead": D("Kontakt {0}", "Contact {0}", "Lead wskazany jako najciekawszy.", "A lead named most interesting."),
    "feedback.interesting_contacts.*.lead_id": D("Kontakt {0}: id", "Contact {0}: id", "Identyfikator leada.", "The lead's id."),
    "feedback.interesting_contacts.*.at": D("Kontakt {0}: kiedy", "Contact {0}: when", "Chwila wpisu.", "When it was written."),
    "feedback.interesting_contacts.*.why": D("Kontakt {0}: dlaczego", "Contact {0}: why", "Uzasadnienie sprzedaży.", "Sales' reason."),
}  # fmt: skip

_PER_REP = {
    **{f"per_rep.*.handed_off.{key}": D(f"{{0}}: {value.label_pl}", f"{{0}}: {value.label_en}", value.text_pl, value.text_en) for key, value in _HANDED.items()},
    "per_rep.*.in_progress": D("{0}: w toku", "{0}: in progress", "Przekazania handlowca przyjęte i otwarte na koniec okresu.", "The rep's handoffs accepted and open at the end of the period."),
    "per_rep.*.won.count": D("{0}: wygrane", "{0}: won", "Leady handlowca wygrane w okresie.", "The rep's leads won in the period."),
    "per_rep.*.won.revenue": D("{0}: przychód", "{0}: revenue", "Ich przychód w walucie celów.", "Their revenue in the goals' currency."),
}  # fmt: skip

_PREVIOUS = {
    "previous.period": D("Poprzedni okres", "Previous period", "Okres bezpośrednio przed raportowanym.", "The period right before the reported one."),
    "previous.agreement_versions": D("Poprzedni: wersje umowy", "Previous: agreement versions", "Wersje umowy obowiązujące w poprzednim okresie.", "Agreement versions in force in the previous period."),
    "previous.sla_in_time_share": D("Poprzedni: udział decyzji w terminie", "Previous: share decided in time", "Udział przekazań przyjętych lub odrzuconych w terminie, w poprzednim okresie.", "The share of handoffs accepted or rejected in time, in the previous period."),
    "previous.delta.*": D("Zmiana: {0}", "Change: {0}", "Wartość w okresie minus wartość w poprzednim okresie.", "This period's value minus the previous period's."),
}  # fmt: skip

DEFINITIONS: dict[str, Definition] = {
    **_META,
    **_HEADLINE,
    **{f"handed_off.{key}": value for key, value in _HANDED.items()},
    **_SLA,
    **_FUNNEL,
    **_GOALS,
    **_COVERAGE,
    **_CALIBRATION,
    **_FEEDBACK,
    **_PER_REP,
    **_PREVIOUS,
}
# The previous period's figures are defined like the current ones.
for _key, _value in list(_HEADLINE.items()) + [(f"handed_off.{k}", v) for k, v in _HANDED.items()]:
    if not _key.startswith("rejection_reasons"):
        DEFINITIONS[f"previous.{_key}"] = D(
            f"Poprzedni: {_value.label_pl}",
            f"Previous: {_value.label_en}",
            _value.text_pl,
            _value.text_en,
        )

UNDEFINED = D("{0}", "{0}", "", "")


def definition_find(path: tuple[str, ...]) -> tuple[Definition, list[str]]:
    """The definition of a figure at `path` (its JSON keys) and the segments its `*`s matched."""
    key = ".".join(path)
    if key in DEFINITIONS:
        return DEFINITIONS[key], []
    for pattern, definition in _PATTERNS:
        if len(pattern) == len(path) and all(
            w in ("*", p) for w, p in zip(pattern, path, strict=True)
        ):
            return definition, [p for w, p in zip(pattern, path, strict=True) if w == "*"]
    return UNDEFINED, [key]


# Matched segment by segment on the JSON path, so a key that contains dots (the `previous.delta`
# keys, e.g. `mql.total`) is one segment.
_PATTERNS = [(tuple(key.split(".")), value) for key, value in DEFINITIONS.items() if "*" in key]


def section_of(path: tuple[str, ...]) -> str:
    return SECTION_OF.get(path[0], "overview")
