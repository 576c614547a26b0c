"""The agreement compiled for the engine: closures, ranks and sentences prepared once, and the
small computations that `engine` (the conclusions) and `trace` (their reasons) share."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import NamedTuple

from .clauses import marketing_level_text, mql_rule_text, sales_level_text
from .describe import condition_text
from .facts import Facts, SalesAnswers, TouchFact
from .predicates import FieldPredicate, TouchPredicate, field_predicate, touch_predicate
from .predicates import touch_types_used as _touch_types_used
from .schema import (
    Agreement,
    DeclaredHorizonProvisional,
    MqlFit,
    MqlRequest,
    Reentry,
    SalesLevel,
)
from .wording import days, say, text, within_days

_PERSONA_CACHE_SIZE = 4096

Tally = tuple[dict[str, int], dict[str, set[str]]]


class Criterion(NamedTuple):
    id: str
    test: FieldPredicate
    required: bool
    weight: int


@dataclass(frozen=True, slots=True)
class MarketingLevel:
    name: str
    rank: int
    window: int
    test: TouchPredicate
    text: str


@dataclass(frozen=True, slots=True)
class SalesLevelRange:
    name: str
    rank: int
    potential: bool
    any_horizon: bool
    low: float
    low_inclusive: bool
    high: float
    high_inclusive: bool
    text: str

    def matches(self, potential: bool, horizon: float | None) -> bool:
        if potential is not self.potential:
            return False
        if self.any_horizon:
            return True
        if horizon is None:
            return False
        above = horizon >= self.low if self.low_inclusive else horizon > self.low
        below = horizon <= self.high if self.high_inclusive else horizon < self.high
        return above and below


@dataclass(frozen=True, slots=True)
class Route:
    id: str
    tests: tuple[FieldPredicate, ...]
    team: str


@dataclass(slots=True)
class CompiledAgreement:
    agreement: Agreement
    lang: str
    criteria: tuple[Criterion, ...]
    grades: tuple[tuple[str, int], ...]
    grades_text: str
    personas: tuple[tuple[str, re.Pattern[str]], ...]
    persona_labels: dict[str, str]
    persona_cache: dict[str, str]
    touch_types: frozenset[str]
    request_types: frozenset[str]
    window: int  # the longest window: touches older than it never count
    windows: tuple[int, ...]
    marketing_levels: tuple[MarketingLevel, ...]  # highest first
    marketing_rank: dict[str, int]
    sales_levels: tuple[SalesLevelRange, ...]
    sales_rank: dict[str, int]
    mql_rules: tuple[MqlFit | MqlRequest, ...]
    routes: tuple[Route, ...]
    default_team: str
    declared_policy: DeclaredHorizonProvisional | None
    reentry: Reentry | None
    phrases: dict[str, str]


# Keyed by id(); each entry holds its agreement, so an id cannot be reused while cached.
_COMPILED: dict[int, CompiledAgreement] = {}
_COMPILED_MAX = 64


def compile_agreement(agreement: Agreement) -> CompiledAgreement:
    compiled = _COMPILED.get(id(agreement))
    if compiled is not None and compiled.agreement is agreement:
        return compiled
    compiled = _compile(agreement)
    if len(_COMPILED) >= _COMPILED_MAX:
        _COMPILED.clear()
    _COMPILED[id(agreement)] = compiled
    return compiled


def _keyword_pattern(keyword: str) -> str:
    # "Dyrektor*" matches at the start of a word (Polish inflects: Dyrektora, Dyrektorka).
    word = keyword.strip()
    if word.endswith("*"):
        return rf"(?<!\w){re.escape(word.rstrip('*').strip())}"
    return rf"(?<!\w){re.escape(word)}(?!\w)"


def _sales_level(a: Agreement, rank: int, level: SalesLevel) -> SalesLevelRange:
    horizon = level.horizon_months
    low, low_inc, high, high_inc = (
        horizon.bounds() if horizon is not None else (0.0, True, 0.0, True)
    )
    return SalesLevelRange(
        name=level.name,
        rank=rank,
        potential=level.product_potential,
        any_horizon=horizon is None,
        low=low,
        low_inclusive=low_inc,
        high=high,
        high_inclusive=high_inc,
        text=sales_level_text(a, level.name, a.language),
    )


def _compile(a: Agreement) -> CompiledAgreement:
    lang = a.language
    personas = []
    for persona in a.personas:
        parts = [_keyword_pattern(k) for k in (*persona.keywords.pl, *persona.keywords.en)]
        parts += [f"(?:{r})" for r in (*persona.regex.pl, *persona.regex.en)]
        personas.append((persona.id, re.compile("|".join(parts), re.IGNORECASE)))
    marketing = a.temperature.marketing
    levels = [
        MarketingLevel(
            level.name,
            rank,
            level.window_days or marketing.window_days,
            touch_predicate(level.when),
            marketing_level_text(a, level.name, lang),
        )
        for rank, level in enumerate(marketing.levels, start=1)
    ]
    used: set[str] = set()
    for level in marketing.levels:
        used |= _touch_types_used(level.when)
    policy = a.temperature.sales.declared_horizon
    return CompiledAgreement(
        agreement=a,
        lang=lang,
        criteria=tuple(
            Criterion(c.id, field_predicate(c), c.required, c.weight) for c in a.icp.criteria
        ),
        grades=tuple((rule.grade, rule.min_score) for rule in a.icp.grades),
        grades_text=", ".join(f"{rule.grade} ≥ {rule.min_score}" for rule in a.icp.grades),
        personas=tuple(personas),
        persona_labels={p.id: text(p.label, lang) for p in a.personas},
        persona_cache={},
        touch_types=frozenset(used),
        request_types=frozenset(
            rule.touch_type for rule in a.handoff.mql.any_of if isinstance(rule, MqlRequest)
        ),
        window=max(level.window for level in levels),
        windows=tuple(sorted({level.window for level in levels})),
        marketing_levels=tuple(reversed(levels)),
        marketing_rank={level.name: level.rank for level in levels},
        sales_levels=tuple(
            _sales_level(a, rank, level) for rank, level in enumerate(a.temperature.sales.levels, 1)
        ),
        sales_rank={level.name: rank for rank, level in enumerate(a.temperature.sales.levels, 1)},
        mql_rules=a.handoff.mql.any_of,
        routes=tuple(
            Route(rule.id, tuple(field_predicate(c) for c in rule.when), rule.team)
            for rule in a.handoff.routing.rules
        ),
        default_team=a.handoff.routing.default_team,
        declared_policy=policy if isinstance(policy, DeclaredHorizonProvisional) else None,
        reentry=a.handoff.nurture.reentry,
        phrases=_phrases(a),
    )


def _phrases(a: Agreement) -> dict[str, str]:
    lang = a.language
    window = a.temperature.marketing.window_days
    phrases = {
        "grade": say(lang, "Ocena ICP", "ICP grade"),
        "points": say(lang, "pkt", "points"),
        "required_failed": say(
            lang, "Niespełnione kryterium wymagane", "Required criterion not met"
        ),
        "no_account": say(
            lang, "Brak danych firmy — ICP nieoceniony", "No account — ICP not graded"
        ),
        "persona": say(lang, "Persona", "Persona"),
        "title": say(lang, "stanowisko", "job title"),
        # Filled with str.format: a job title's own braces are not read as fields.
        "quoted": say(lang, "„{}”", "“{}”"),
        "no_level": say(
            lang,
            f"Bez temperatury: za mało styków {within_days(lang, window)}",
            f"No temperature: too few touches {within_days(lang, window)}",
        ),
        "no_sales": say(
            lang,
            "Bez temperatury sprzedażowej: potencjał nieokreślony lub poza progami",
            "No sales temperature: potential unknown or outside the ranges",
        ),
        "provisional": say(lang, "Wstępnie, z formularza", "Provisionally, from the form"),
        "disagree": say(lang, "Temperatury się różnią", "The temperatures disagree"),
        "not_mql": say(lang, "Nie spełnia kryteriów MQL", "Does not meet the MQL criteria"),
        "team": say(lang, "Zespół", "Team"),
        "default_team": say(lang, "domyślny", "default"),
        "reentry_yes": say(lang, "Powrót z nurturingu do sprzedaży", "Back from nurture to sales"),
        "reentry_no": say(
            lang,
            f"Jeszcze bez powrotu z nurturingu (minęło za mało czasu lub za mało styków "
            f"po odrzuceniu; okno {days(lang, window)})",
            f"Not yet back from nurture (too little time or too few touches since the "
            f"rejection; window {days(lang, window)})",
        ),
    }
    for rule in a.handoff.mql.any_of:
        phrases[f"mql.{rule.id}"] = f"MQL: {mql_rule_text(a, rule.id, lang)}"
    for criterion in a.icp.criteria:
        phrases[f"icp.{criterion.id}"] = condition_text(criterion, lang)
    for m_level in a.temperature.marketing.levels:
        phrases[f"marketing.{m_level.name}"] = f"marketing: {text(m_level.label, lang)}"
    for s_level in a.temperature.sales.levels:
        phrases[f"sales.{s_level.name}"] = say(
            lang, f"sprzedaż: {text(s_level.label, lang)}", f"sales: {text(s_level.label, lang)}"
        )
    return phrases


def persona_of(c: CompiledAgreement, title: str) -> str:
    if not title:
        return ""
    found = c.persona_cache.get(title)
    if found is None:
        found = next((pid for pid, pattern in c.personas if pattern.search(title)), "")
        if len(c.persona_cache) >= _PERSONA_CACHE_SIZE:
            c.persona_cache.clear()
        c.persona_cache[title] = found
    return found


def icp_of(c: CompiledAgreement, facts: Facts, persona: str) -> tuple[str, int, str]:
    """(grade, score, the first required criterion not met); grade "" without an account."""
    if facts.account is None:
        return "", 0, ""
    score = 0
    failed = ""
    for criterion_id, test, required, weight in c.criteria:
        if test(facts, persona):
            score += weight
        elif required and not failed:
            failed = criterion_id
    if failed:
        return c.grades[-1][0], score, failed
    for grade, minimum in c.grades:
        if score >= minimum:
            return grade, score, ""
    return c.grades[-1][0], score, ""


class TouchTally(NamedTuple):
    by_window: dict[int, Tally]
    # The latest time (up to now) of each touch type an MQL request rule asks for.
    latest_request: dict[str, datetime]


def tally(
    c: CompiledAgreement, touches: tuple[TouchFact, ...], now: datetime, since: datetime | None
) -> TouchTally:
    """Touches counted by type, and their distinct campaigns, per window ending at `now`;
    with `since`, only touches strictly after it (re-entry counts what came after a rejection)."""
    by_window: dict[int, Tally] = {}
    latest: dict[str, datetime] = {}
    relevant = c.touch_types
    requests = c.request_types
    for position, window in enumerate(c.windows):
        cutoff = now - timedelta(days=window)
        after = since is not None and since >= cutoff
        if after and since is not None:
            cutoff = since
        counts: dict[str, int] = {}
        campaigns: dict[str, set[str]] = {}
        for touch in touches:
            kind = touch.type
            at = touch.occurred_at
            if kind in requests and position == 0 and at <= now:
                seen = latest.get(kind)
                if seen is None or seen < at:
                    latest[kind] = at
            if kind not in relevant or at < cutoff or at > now or (after and at == cutoff):
                continue
            counts[kind] = counts.get(kind, 0) + 1
            found = campaigns.get(kind)
            if found is None:
                campaigns[kind] = {touch.campaign}
            else:
                found.add(touch.campaign)
        by_window[window] = (counts, campaigns)
    return TouchTally(by_window, latest)


def marketing_of(c: CompiledAgreement, by_window: dict[int, Tally]) -> MarketingLevel | None:
    for level in c.marketing_levels:
        counts, campaigns = by_window[level.window]
        if level.test(counts, campaigns):
            return level
    return None


def declared_horizon_of(c: CompiledAgreement, touches: tuple[TouchFact, ...]) -> float | None:
    policy = c.declared_policy
    if policy is None:
        return None
    latest: TouchFact | None = None
    for touch in touches:
        if policy.answer_key in touch.answers and (
            latest is None or touch.occurred_at > latest.occurred_at
        ):
            latest = touch
    if latest is None:
        return None
    value = latest.answers[policy.answer_key]
    if policy.answer_values is not None:
        return policy.answer_values.get(str(value))
    try:
        return float(str(value).replace(",", "."))
    except ValueError:
        return None


class SalesOutcome(NamedTuple):
    level: SalesLevelRange | None
    provisional: bool
    product_potential: bool | None
    horizon_months: float | None


def sales_of(c: CompiledAgreement, answers: SalesAnswers, declared: float | None) -> SalesOutcome:
    potential: bool | None = answers.product_potential
    horizon: float | None = answers.horizon_months
    provisional = False
    if potential is None and horizon is None and declared is not None:
        policy = c.declared_policy
        if policy is not None:
            potential, horizon, provisional = policy.assume_product_potential, declared, True
    if potential is not None:
        for level in c.sales_levels:
            if level.matches(potential, horizon):
                return SalesOutcome(level, provisional, potential, horizon)
    return SalesOutcome(None, False, potential, horizon)


def mql_of(
    c: CompiledAgreement, facts: Facts, touches: TouchTally, grade: str, marketing: str
) -> str:
    for rule in c.mql_rules:
        if isinstance(rule, MqlFit):
            if grade in rule.icp_grades and marketing in rule.marketing_temperatures:
                return rule.id
            continue
        if rule.icp_grades is not None and grade not in rule.icp_grades:
            continue
        latest = touches.latest_request.get(rule.touch_type)
        if latest is not None and latest >= facts.now - timedelta(days=rule.within_days):
            return rule.id
    return ""


def route_of(c: CompiledAgreement, facts: Facts, persona: str) -> Route | None:
    for route in c.routes:
        for test in route.tests:
            if not test(facts, persona):
                break
        else:
            return route
    return None


class ReentryOutcome(NamedTuple):
    allowed: bool
    level_since_rejection: str
    days_since_rejection: int


def reentry_of(c: CompiledAgreement, facts: Facts) -> ReentryOutcome | None:
    """None unless the lead is in nurture under a re-entry rule."""
    rule = c.reentry
    rejected_at = facts.rejected_at
    if facts.stage != "nurture" or rule is None or rejected_at is None:
        return None
    waited = facts.now - rejected_at
    # "Rises again": the temperature over the window reaches the level, and the lead has shown
    # new interest since the rejection (at least one touch after it).
    fresh = any(touch.occurred_at > rejected_at for touch in facts.touches)
    level = marketing_of(c, tally(c, facts.touches, facts.now, None).by_window) if fresh else None
    reached = level is not None and level.rank >= c.marketing_rank.get(
        rule.marketing_temperature, 0
    )
    allowed = reached and waited >= timedelta(days=rule.min_days_after_rejection)
    return ReentryOutcome(allowed, level.name if level else "", waited.days)
