"""Every clause of an agreement with its stable id, in the article's order.

An id is the dotted path of the clause (`icp.criteria.industry`, `temperature.marketing.hot`,
`handoff.sla.accept`, `handoff.rejection.timing`, `feedback.questions.information_needed`);
ids of listed items use the item's own id/code/name, so reordering a list keeps the ids.
Decisions cite these ids; the document renders each clause with an anchor of the same id.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from .describe import (
    condition_text,
    field_name,
    horizon_text,
    touch_condition_text,
    touch_label,
)
from .schema import Agreement, LabelPair, MqlFit, MqlRequest, Party, RoutingRule, Signatory
from .wording import days, hours, number, say, series, text, within_days, within_hours

__all__ = [
    "SECTION_TITLES",
    "Clause",
    "agreement_clauses",
    "clause_exists",
    "clause_ids",
    "clause_values",
    "section_title",
]

SECTION_TITLES: dict[str, LabelPair] = {
    "parties": LabelPair(pl="Strony umowy", en="Parties"),
    "calendar": LabelPair(pl="Kalendarz", en="Calendar"),
    "terms": LabelPair(pl="Podstawowe pojęcia", en="Terms"),
    "icp": LabelPair(pl="Profil Idealnego Klienta", en="Ideal Customer Profile"),
    "personas": LabelPair(pl="Komitet zakupowy", en="Buying committee"),
    "touch_types": LabelPair(pl="Działania marketingowe", en="Marketing actions"),
    "temperature": LabelPair(pl="Parametry leada", en="Lead temperature"),
    "lead_definitions": LabelPair(pl="Wspólna definicja leada", en="Lead definitions"),
    "qualification": LabelPair(pl="Kwalifikacja potencjału", en="Qualification"),
    "goals": LabelPair(pl="Cele marketingu i sprzedaży", en="Goals"),
    "handoff": LabelPair(
        pl="Przekazanie leadów i odpowiedzialność", en="Handoff and responsibility"
    ),
    "reporting": LabelPair(pl="Raportowanie", en="Reporting"),
    "feedback": LabelPair(pl="Feedback", en="Feedback"),
}


@dataclass(frozen=True)
class Clause:
    id: str
    section: str
    heading: str
    text: str


def section_title(section: str, lang: str) -> str:
    return text(SECTION_TITLES[section], lang) if section in SECTION_TITLES else section


def agreement_clauses(agreement: Agreement, lang: str) -> list[Clause]:
    return [clause for clause, _ in _clauses(agreement, lang)]


def clause_values(agreement: Agreement) -> dict[str, object]:
    """A canonical JSON-able value per clause id: two versions differ in a clause exactly when
    its values differ."""
    return {clause.id: value for clause, value in _clauses(agreement, agreement.language)}


def clause_ids(agreement: Agreement) -> frozenset[str]:
    ids = agreement._memo.get("clause_ids")
    if not isinstance(ids, frozenset):
        ids = frozenset(clause.id for clause, _ in _clauses(agreement, "en"))
        agreement._memo["clause_ids"] = ids
    return ids


def clause_exists(agreement: Agreement, clause_id: str) -> bool:
    return clause_id in clause_ids(agreement)


def _dump(value: Any) -> object:
    if hasattr(value, "model_dump"):
        return value.model_dump(mode="json")
    if isinstance(value, tuple | list):
        return [_dump(item) for item in value]
    return value


def _clauses(agreement: Agreement, lang: str) -> Iterator[tuple[Clause, object]]:
    for section, build in (
        ("parties", _parties),
        ("calendar", _calendar),
        ("terms", _terms),
        ("icp", _icp),
        ("personas", _personas),
        ("touch_types", _touch_types),
        ("temperature", _temperature),
        ("lead_definitions", _lead_definitions),
        ("qualification", _qualification),
        ("goals", _goals),
        ("handoff", _handoff),
        ("reporting", _reporting),
        ("feedback", _feedback),
    ):
        for clause_id, heading, sentence, value in build(agreement, lang):
            yield Clause(clause_id, section, heading, sentence), _dump(value)


Spec = tuple[str, str, str, object]


def _signatory(signatory: Signatory, lang: str) -> str:
    role = f" ({text(signatory.role, lang)})" if signatory.role else ""
    need = say(lang, "podpis wymagany", "must sign") if signatory.required else ""
    return f"{signatory.email}{role}" + (f", {need}" if need else "")


def _parties(a: Agreement, lang: str) -> Iterator[Spec]:
    for side in ("marketing", "sales"):
        party: Party = getattr(a.parties, side)
        sentence = say(
            lang,
            f"{text(party.name, lang)}: właściciel umowy po tej stronie {party.owner} (podpisuje).",
            f"{text(party.name, lang)}: owner on this side {party.owner} (signs).",
        )
        if party.signatories:
            extra = "; ".join(_signatory(s, lang) for s in party.signatories)
            sentence += say(lang, f" Dodatkowo podpisują: {extra}.", f" Also signing: {extra}.")
        yield f"parties.{side}", text(party.name, lang), sentence, party


_DAY_NAMES = {
    "mon": ("pon.", "Mon"),
    "tue": ("wt.", "Tue"),
    "wed": ("śr.", "Wed"),
    "thu": ("czw.", "Thu"),
    "fri": ("pt.", "Fri"),
    "sat": ("sob.", "Sat"),
    "sun": ("niedz.", "Sun"),
}


def _calendar(a: Agreement, lang: str) -> Iterator[Spec]:
    calendar = a.calendar
    spans = [
        f"{say(lang, *_DAY_NAMES[day])} {span.start:%H:%M}–{span.end:%H:%M}"
        for day, span in calendar.business_hours.items()
    ]
    yield (
        "calendar.business_hours",
        say(lang, "Godziny pracy", "Business hours"),
        say(
            lang,
            f"Terminy liczone są w godzinach pracy ({calendar.time_zone}): {', '.join(spans)}.",
            f"Deadlines count business hours ({calendar.time_zone}): {', '.join(spans)}.",
        ),
        {
            "time_zone": calendar.time_zone,
            "business_hours": {day: _dump(span) for day, span in calendar.business_hours.items()},
        },
    )
    yield (
        "calendar.holidays",
        say(lang, "Święta", "Public holidays"),
        say(
            lang,
            f"Dni ustawowo wolne od pracy ({calendar.holiday_country}) się nie liczą.",
            f"Public holidays of {calendar.holiday_country} do not count.",
        ),
        calendar.holiday_country,
    )
    if calendar.closed_days:
        listed = ", ".join(day.isoformat() for day in calendar.closed_days)
        yield (
            "calendar.closed_days",
            say(lang, "Dni wolne", "Closed days"),
            say(lang, f"Dodatkowo nie liczą się: {listed}.", f"Also closed: {listed}."),
            [day.isoformat() for day in calendar.closed_days],
        )


def _terms(a: Agreement, lang: str) -> Iterator[Spec]:
    for term in a.terms:
        name = text(term.term, lang)
        yield f"terms.{term.id}", name, f"{name} — {text(term.definition, lang)}", term


def _icp(a: Agreement, lang: str) -> Iterator[Spec]:
    for criterion in a.icp.criteria:
        weight = (
            say(lang, "wymagane", "required")
            if criterion.required
            else say(lang, f"waga {criterion.weight} pkt", f"weight {criterion.weight} points")
        )
        yield (
            f"icp.criteria.{criterion.id}",
            text(criterion.label, lang),
            f"{condition_text(criterion, lang)} ({weight}).",
            criterion,
        )
    thresholds = ", ".join(f"{rule.grade} ≥ {rule.min_score}" for rule in a.icp.grades)
    lowest = a.icp.grades[-1].grade
    yield (
        "icp.grades",
        say(lang, "Ocena dopasowania", "Fit grades"),
        say(
            lang,
            f"Suma punktów spełnionych kryteriów daje ocenę: {thresholds}. "
            f"Niespełnione kryterium wymagane daje ocenę {lowest}.",
            f"The points of the criteria met give the grade: {thresholds}. "
            f"A required criterion not met gives grade {lowest}.",
        ),
        a.icp.grades,
    )


def _personas(a: Agreement, lang: str) -> Iterator[Spec]:
    for persona in a.personas:
        words = [w.rstrip("*") for w in (*persona.keywords.pl, *persona.keywords.en)]
        words += [f"/{r}/" for r in (*persona.regex.pl, *persona.regex.en)]
        words = list(dict.fromkeys(words))
        yield (
            f"personas.{persona.id}",
            text(persona.label, lang),
            say(
                lang,
                f"{text(persona.label, lang)}: stanowisko zawiera {', '.join(words)}.",
                f"{text(persona.label, lang)}: the job title contains {', '.join(words)}.",
            ),
            persona,
        )


def _touch_types(a: Agreement, lang: str) -> Iterator[Spec]:
    for touch_type in a.touch_types:
        label = text(touch_type.label, lang)
        yield f"touch_types.{touch_type.code}", label, f"{label} ({touch_type.code}).", touch_type


def _temperature(a: Agreement, lang: str) -> Iterator[Spec]:
    marketing = a.temperature.marketing
    yield (
        "temperature.marketing.window",
        say(lang, "Temperatura marketingowa", "Marketing temperature"),
        say(
            lang,
            f"Marketing ocenia temperaturę leada po stykach z treścią z ostatnich "
            f"{days(lang, marketing.window_days)}; obowiązuje najwyższy spełniony poziom.",
            f"Marketing rates a lead by its content touches in the last "
            f"{days(lang, marketing.window_days)}; the highest level met applies.",
        ),
        marketing.window_days,
    )
    for level in marketing.levels:
        yield (
            f"temperature.marketing.{level.name}",
            text(level.label, lang),
            marketing_level_text(a, level.name, lang),
            level,
        )
    sales = a.temperature.sales
    for sales_level in sales.levels:
        yield (
            f"temperature.sales.{sales_level.name}",
            text(sales_level.label, lang),
            sales_level_text(a, sales_level.name, lang),
            sales_level,
        )
    policy = sales.declared_horizon
    if policy.policy == "ignore":
        sentence = say(
            lang,
            "Horyzont zadeklarowany w formularzu nie zmienia temperatury sprzedażowej; "
            "kwalifikuje ją sprzedaż.",
            "A horizon declared in a form does not set the sales temperature; sales qualifies it.",
        )
    else:
        sentence = say(
            lang,
            f"Horyzont zadeklarowany w formularzu (odpowiedź „{policy.answer_key}”) daje "
            "wstępną temperaturę sprzedażową, do czasu kwalifikacji przez sprzedaż.",
            f"A horizon declared in a form (answer “{policy.answer_key}”) gives a provisional "
            "sales temperature until sales qualifies the lead.",
        )
    yield (
        "temperature.sales.declared_horizon",
        say(lang, "Horyzont z formularza", "Declared horizon"),
        sentence,
        policy,
    )


def marketing_level_text(a: Agreement, name: str, lang: str) -> str:
    marketing = a.temperature.marketing
    level = next(level for level in marketing.levels if level.name == name)
    window = level.window_days or marketing.window_days
    condition = touch_condition_text(a, level.when, lang)
    return f"{text(level.label, lang)}: {condition} {within_days(lang, window)}."


def sales_level_text(a: Agreement, name: str, lang: str) -> str:
    level = next(level for level in a.temperature.sales.levels if level.name == name)
    potential = (
        say(lang, "potencjał produktowy", "product potential")
        if level.product_potential
        else say(lang, "brak potencjału produktowego", "no product potential")
    )
    horizon = say(lang, "potencjał zakupowy", "purchase horizon")
    return f"{text(level.label, lang)}: {potential} + {horizon} {horizon_text(level.horizon_months, lang)}."


def _lead_definitions(a: Agreement, lang: str) -> Iterator[Spec]:
    definitions = a.lead_definitions
    marketing = definitions.marketing_lead
    consent = say(lang, " Wymagana zgoda na kontakt.", " Consent to contact is required.")
    yield (
        "lead_definitions.marketing_lead",
        text(marketing.label, lang),
        text(marketing.definition, lang) + (consent if marketing.requires_consent else ""),
        marketing,
    )
    sales = definitions.sales_lead
    meeting = say(lang, " Wymagane umówione spotkanie.", " A booked meeting is required.")
    yield (
        "lead_definitions.sales_lead",
        text(sales.label, lang),
        text(sales.definition, lang) + (meeting if sales.requires_meeting else ""),
        sales,
    )


_METHODS = {
    "phone_call": ("w rozmowie telefonicznej", "on a phone call"),
    "meeting": ("na spotkaniu", "at a meeting"),
    "form": ("pytaniem w formularzu", "by a form question"),
}


def _qualification(a: Agreement, lang: str) -> Iterator[Spec]:
    q = a.qualification
    who = say(lang, "Sprzedaż", "Sales") if q.purchase_potential_by == "sales" else "Marketing"
    sentence = say(
        lang,
        f"{who} kwalifikuje potencjał zakupowy {_METHODS[q.method][0]}.",
        f"{who} qualifies the purchase potential {_METHODS[q.method][1]}.",
    )
    if q.note:
        sentence += f" {text(q.note, lang)}"
    yield (
        "qualification.purchase_potential",
        say(lang, "Kwalifikacja potencjału zakupowego", "Qualifying purchase potential"),
        sentence,
        q,
    )


_PER = {
    "month": ("co miesiąc", "every month"),
    "quarter": ("co kwartał", "every quarter"),
    "year": ("co rok", "every year"),
}


def _per(lang: str, per: str) -> str:
    return say(lang, *_PER[per])


def _goals(a: Agreement, lang: str) -> Iterator[Spec]:
    goals = a.goals
    s = goals.sales
    yield (
        "goals.sales",
        say(lang, "Cele sprzedaży", "Sales goals"),
        say(
            lang,
            f"{number(s.won_deals)} wygranych projektów i {number(s.revenue)} {s.currency} "
            f"przychodu {_per(lang, s.per)}.",
            f"{number(s.won_deals)} won deals and {number(s.revenue)} {s.currency} revenue "
            f"{_per(lang, s.per)}.",
        ),
        s,
    )
    m = goals.marketing
    grades = "/".join(m.icp_grades)
    yield (
        "goals.marketing",
        say(lang, "Cele marketingu", "Marketing goals"),
        say(
            lang,
            f"{number(m.mqls)} MQL {_per(lang, m.per)}, z czego co najmniej "
            f"{m.icp_share_percent}% z oceną ICP {grades}.",
            f"{number(m.mqls)} MQLs {_per(lang, m.per)}, at least {m.icp_share_percent}% of "
            f"them with ICP grade {grades}.",
        ),
        m,
    )
    if goals.coverage is not None:
        c = goals.coverage
        what = {
            "distinct_campaigns": ("różnymi działaniami", "different actions"),
            "distinct_touch_types": ("różnymi rodzajami działań", "different kinds of action"),
        }[c.count]
        yield (
            "goals.coverage",
            say(lang, "Pokrycie firm docelowych", "Target account coverage"),
            say(
                lang,
                f"Każdą firmę docelową dotykamy co najmniej {c.min_distinct_actions} "
                f"{what[0]} marketingowymi {_per(lang, c.per)}.",
                f"Every target account is touched by at least {c.min_distinct_actions} "
                f"{what[1]} {_per(lang, c.per)}.",
            ),
            c,
        )
    if goals.persona_coverage is not None:
        pc = goals.persona_coverage
        names = series(lang, (_persona_label(a, p, lang) for p in pc.personas))
        yield (
            "goals.persona_coverage",
            say(lang, "Pokrycie komitetu zakupowego", "Buying committee coverage"),
            say(
                lang,
                f"W każdej firmie docelowej {_per(lang, pc.per)} docieramy do ról: {names}.",
                f"In every target account we reach {names} {_per(lang, pc.per)}.",
            ),
            pc,
        )


def _persona_label(a: Agreement, persona_id: str, lang: str) -> str:
    for persona in a.personas:
        if persona.id == persona_id:
            return text(persona.label, lang)
    return persona_id


def _level_label(a: Agreement, name: str, lang: str) -> str:
    for level in a.temperature.marketing.levels:
        if level.name == name:
            return text(level.label, lang)
    return name


def _handoff(a: Agreement, lang: str) -> Iterator[Spec]:
    h = a.handoff
    yield (
        "handoff.mql",
        say(lang, "Kiedy lead trafia do sprzedaży", "When a lead goes to sales"),
        say(
            lang,
            "Lead staje się MQL i trafia do sprzedaży, gdy spełnia którąkolwiek z reguł.",
            "A lead becomes an MQL and goes to sales when it meets any one of the rules.",
        ),
        h.mql,
    )
    for rule in h.mql.any_of:
        heading = mql_rule_heading(a, rule, lang)
        yield f"handoff.mql.{rule.id}", heading, mql_rule_text(a, rule.id, lang), rule
    routes = [
        f"{' + '.join(condition_text(c, lang) for c in rule.when)} → {rule.team}"
        for rule in h.routing.rules
    ]
    yield (
        "handoff.routing",
        say(lang, "Przydział do zespołu", "Routing"),
        say(
            lang,
            f"Pierwsza pasująca reguła wybiera zespół; w pozostałych przypadkach "
            f"{h.routing.default_team}.",
            f"The first matching rule picks the team; otherwise {h.routing.default_team}.",
        ),
        h.routing.default_team,
    )
    for rule_, route in zip(h.routing.rules, routes, strict=True):
        yield f"handoff.routing.{rule_.id}", routing_rule_heading(rule_, lang), f"{route}.", rule_
    capacity = h.assignment.capacity_per_rep_per_day
    limit = (
        say(
            lang,
            f", najwyżej {capacity} leadów na handlowca dziennie",
            f", at most {capacity} leads per rep a day",
        )
        if capacity
        else ""
    )
    yield (
        "handoff.assignment",
        say(lang, "Przydział handlowca", "Assignment"),
        say(
            lang,
            f"Leady przydzielane są po kolei (round robin){limit}.",
            f"Leads are assigned in turn (round robin){limit}.",
        ),
        h.assignment,
    )
    sla = h.sla
    yield (
        "handoff.sla.accept",
        say(lang, "Czas na podjęcie leada", "Time to accept"),
        say(
            lang,
            f"Sprzedaż przyjmuje lub odrzuca lead {within_hours(lang, sla.accept_within_hours)} "
            "od przekazania.",
            f"Sales accepts or rejects a lead {within_hours(lang, sla.accept_within_hours)} of "
            "the handoff.",
        ),
        sla.accept_within_hours,
    )
    yield (
        "handoff.sla.first_contact",
        say(lang, "Pierwszy kontakt", "First contact"),
        say(
            lang,
            f"Pierwszy kontakt z leadem {within_hours(lang, sla.first_contact_within_hours)} "
            "od przekazania.",
            f"First contact with the lead {within_hours(lang, sla.first_contact_within_hours)} "
            "of the handoff.",
        ),
        sla.first_contact_within_hours,
    )
    if sla.reminders:
        points = series(lang, (f"{p}%" for p in sla.reminders))
        yield (
            "handoff.sla.reminders",
            say(lang, "Przypomnienia", "Reminders"),
            say(lang, f"Przypomnienie po {points} czasu.", f"A reminder at {points} of the time."),
            list(sla.reminders),
        )
    escalation = sla.escalation
    reassign = (
        say(
            lang,
            f"; jeśli nie zostanie podjęty {within_hours(lang, escalation.reassign_after_hours)} "
            "od eskalacji, lead przechodzi do innego handlowca",
            f"; after a further {hours(lang, escalation.reassign_after_hours)} the lead is "
            "reassigned",
        )
        if escalation.reassign_after_hours
        else ""
    )
    yield (
        "handoff.sla.escalation",
        say(lang, "Eskalacja", "Escalation"),
        say(
            lang,
            f"Po przekroczeniu terminu sprawa trafia do kierownika zespołu{reassign}.",
            f"At a breach the team's manager is alerted{reassign}.",
        ),
        escalation,
    )
    for reason in h.rejection.reasons:
        outcome = (
            say(lang, "wraca do nurturingu marketingu", "goes back to marketing's nurture")
            if reason.outcome == "nurture"
            else say(lang, "zostaje zdyskwalifikowany", "is disqualified")
        )
        note = (
            say(lang, " Wymagana notatka.", " A note is required.") if reason.note_required else ""
        )
        label = text(reason.label, lang)
        yield (
            f"handoff.rejection.{reason.code}",
            label,
            say(
                lang,
                f"Odrzucony z powodu „{label}” lead {outcome}.{note}",
                f"A lead rejected for “{label}” {outcome}.{note}",
            ),
            reason,
        )
    nurture = h.nurture
    owner = (
        say(lang, "marketing", "marketing")
        if nurture.owner_party == "marketing"
        else say(lang, "sprzedaż", "sales")
    )
    yield (
        "handoff.nurture",
        say(lang, "Nurturing", "Nurture"),
        say(
            lang,
            f"Leadami w nurturingu opiekuje się {owner}.",
            f"Leads in nurture are owned by {owner}.",
        ),
        {"owner_party": nurture.owner_party, "owner_role": nurture.owner_role},
    )
    if nurture.reentry is not None:
        r = nurture.reentry
        level = _level_label(a, r.marketing_temperature, lang)
        yield (
            "handoff.nurture.reentry",
            say(lang, "Powrót do sprzedaży", "Re-entry"),
            say(
                lang,
                f"Lead z nurturingu wraca jako MQL, gdy po odrzuceniu ponownie osiągnie "
                f"temperaturę „{level}”, nie wcześniej niż {days(lang, r.min_days_after_rejection)} "
                "po odrzuceniu.",
                f"A nurtured lead comes back as an MQL when, after the rejection, it reaches "
                f"“{level}” again, no sooner than {days(lang, r.min_days_after_rejection)} after "
                "the rejection.",
            ),
            r,
        )
    for item in h.responsibilities:
        party = (
            say(lang, "marketing", "marketing")
            if item.owner_party == "marketing"
            else say(lang, "sprzedaż", "sales")
        )
        who = f"{party} ({item.owner_email})" if item.owner_email else party
        yield (
            f"handoff.responsibilities.{item.id}",
            text(item.activity, lang),
            f"{text(item.activity, lang)} — {who}, {_cadence(lang, item.cadence)}.",
            item,
        )


_CADENCES = {
    "daily": ("codziennie", "daily"),
    "weekly": ("co tydzień", "weekly"),
    "biweekly": ("co dwa tygodnie", "every two weeks"),
    "monthly": ("co miesiąc", "monthly"),
    "quarterly": ("co kwartał", "quarterly"),
    "per_lead": ("przy każdym leadzie", "for every lead"),
    "ongoing": ("na bieżąco", "ongoing"),
}


def _cadence(lang: str, cadence: str) -> str:
    return say(lang, *_CADENCES[cadence])


def mql_rule_heading(a: Agreement, rule: MqlFit | MqlRequest, lang: str) -> str:
    """The rule's own label, or words for what it asks: its id is for citing, not reading."""
    if rule.label is not None:
        return text(rule.label, lang)
    if isinstance(rule, MqlFit):
        grades, levels = _fit_words(a, rule, lang)
        return say(
            lang,
            f"Dopasowanie: ICP {grades}, temperatura {levels}",
            f"Fit: ICP {grades}, temperature {levels}",
        )
    return touch_label(a, rule.touch_type, lang)


def _fit_words(a: Agreement, rule: MqlFit, lang: str) -> tuple[str, str]:
    """A fit rule's grades (`A/B`) and its levels in words (`Ciepły lub Gorący`)."""
    levels = series(
        lang,
        (_level_label(a, name, lang) for name in rule.marketing_temperatures),
        last=say(lang, "lub", "or"),
    )
    return "/".join(rule.icp_grades), levels


def routing_rule_heading(rule: RoutingRule, lang: str) -> str:
    if rule.label is not None:
        return text(rule.label, lang)
    fields = series(lang, dict.fromkeys(field_name(c.field, lang) for c in rule.when))
    return say(lang, f"Zespół {rule.team}: {fields}", f"Team {rule.team}: {fields}")


def mql_rule_text(a: Agreement, rule_id: str, lang: str) -> str:
    rule = next(rule for rule in a.handoff.mql.any_of if rule.id == rule_id)
    if isinstance(rule, MqlFit):
        grades, levels = _fit_words(a, rule, lang)
        return say(
            lang,
            f"Ocena ICP {grades} i temperatura marketingowa {levels}.",
            f"ICP grade {grades} and marketing temperature {levels}.",
        )
    label = touch_label(a, rule.touch_type, lang)
    grades = (
        f" ({say(lang, 'ocena ICP', 'ICP grade')} {'/'.join(rule.icp_grades)})"
        if rule.icp_grades
        else ""
    )
    return say(
        lang,
        f"{label} {within_days(lang, rule.within_days)}{grades}.",
        f"{label} {within_days(lang, rule.within_days)}{grades}.",
    )


_METRICS = {
    "mql_icp": ("MQL zgodne z ICP", "MQLs matching the ICP"),
    "handed_to_sales": ("leady przekazane do sprzedaży", "leads handed to sales"),
    "sales_stages": ("etapy po stronie sprzedaży", "stages on the sales side"),
    "hot_leads": ("leady gorące", "hot leads"),
    "nurture": ("leady w nurturingu", "leads in nurture"),
    "rejection_reasons": ("powody odrzucenia", "rejection reasons"),
    "in_progress": ("sprawy w toku", "in progress"),
    "won": ("zakończone sukcesem", "won"),
    "sla": ("dotrzymanie terminów", "response times"),
    "coverage": ("pokrycie firm docelowych", "target account coverage"),
    "persona_coverage": ("pokrycie komitetu zakupowego", "buying committee coverage"),
    "feedback": ("feedback sprzedaży", "sales feedback"),
}


def metric_label(metric: str, lang: str) -> str:
    return say(lang, *_METRICS[metric]) if metric in _METRICS else metric


def _reporting(a: Agreement, lang: str) -> Iterator[Spec]:
    r = a.reporting
    cadence = (
        say(lang, "miesięcznie", "monthly")
        if r.cadence == "monthly"
        else say(lang, "kwartalnie", "quarterly")
    )
    yield (
        "reporting.cadence",
        say(lang, "Okres raportowania", "Reporting cadence"),
        say(lang, f"Wspólny raport powstaje {cadence}.", f"The shared report is made {cadence}."),
        r.cadence,
    )
    recipients = ", ".join(r.recipients) or say(lang, "brak", "none")
    yield (
        "reporting.recipients",
        say(lang, "Odbiorcy", "Recipients"),
        say(lang, f"Raport otrzymują: {recipients}.", f"The report goes to: {recipients}."),
        list(r.recipients),
    )
    metrics = ", ".join(metric_label(m, lang) for m in r.metrics)
    yield (
        "reporting.metrics",
        say(lang, "Zawartość raportu", "Report contents"),
        say(lang, f"Raport pokazuje: {metrics}.", f"The report shows: {metrics}."),
        list(r.metrics),
    )


def _feedback(a: Agreement, lang: str) -> Iterator[Spec]:
    f = a.feedback
    after = (
        say(lang, "pierwszym kontakcie", "the first contact")
        if f.due.after == "first_contact"
        else say(lang, "kwalifikacji", "qualification")
    )
    yield (
        "feedback.due",
        say(lang, "Termin feedbacku", "Feedback due"),
        say(
            lang,
            f"Sprzedaż przekazuje feedback {within_hours(lang, f.due.within_business_hours)} "
            f"po {after}.",
            f"Sales gives feedback {within_hours(lang, f.due.within_business_hours)} after "
            f"{after}.",
        ),
        f.due,
    )
    for question in f.questions:
        need = (
            say(lang, "obowiązkowe", "required")
            if question.required
            else say(lang, "opcjonalne", "optional")
        )
        label = text(question.label, lang)
        yield f"feedback.questions.{question.id}", label, f"{label} ({need})", question
