"""What the agreement in force calls things, in the reader's language: temperature levels,
personas, rejection reasons, touch types, feedback questions and the text of every clause."""

from dataclasses import dataclass, field

from leadpact.agreements.models import AgreementVersion
from leadpact.agreements.rules.clauses import agreement_clauses
from leadpact.agreements.rules.schema import Agreement, label_text
from leadpact.agreements.selectors import version_agreement


@dataclass(frozen=True)
class Question:
    id: str
    label: str
    kind: str
    required: bool


@dataclass(frozen=True)
class Reason:
    code: str
    label: str
    note_required: bool
    outcome: str


@dataclass(frozen=True)
class AgreementWords:
    marketing_levels: dict[str, str] = field(default_factory=dict)
    sales_levels: dict[str, str] = field(default_factory=dict)
    personas: dict[str, str] = field(default_factory=dict)
    reasons: list[Reason] = field(default_factory=list)
    touch_types: dict[str, str] = field(default_factory=dict)
    questions: list[Question] = field(default_factory=list)
    clauses: dict[str, str] = field(default_factory=dict)
    reminders: tuple[int, ...] = ()
    # The page's language is the agreement's own: the sentences stored with a judgement read
    # as they are; otherwise a clause's own text stands in for them.
    agreement_language: bool = True

    def reason_label(self, code: str) -> str:
        return next((r.label for r in self.reasons if r.code == code), code)

    def temperatures_disagree(self, marketing: str, sales: str) -> bool:
        """Marketing says the top level and sales the bottom one, or the reverse."""
        m, s = list(self.marketing_levels), list(self.sales_levels)
        if marketing not in m or sales not in s or len(m) < 2 or len(s) < 2:
            return False
        return (marketing == m[-1] and sales == s[0]) or (marketing == m[0] and sales == s[-1])


NO_AGREEMENT = AgreementWords()

# One entry per parsed agreement and language; the stored agreement is compared by identity
# so that a new parse (another version, a rolled-back test database) is never served stale.
_CACHE: dict[tuple[int, str], tuple[Agreement, AgreementWords]] = {}


def agreement_words(*, version: AgreementVersion | None, lang: str) -> AgreementWords:
    if version is None:
        return NO_AGREEMENT
    agreement = version_agreement(version=version)
    cached = _CACHE.get((id(agreement), lang))
    if cached is not None and cached[0] is agreement:
        return cached[1]
    words = _words(agreement, lang)
    _CACHE[(id(agreement), lang)] = (agreement, words)
    return words


def _words(agreement: Agreement, lang: str) -> AgreementWords:
    temperature = agreement.temperature
    return AgreementWords(
        marketing_levels={
            lv.name: label_text(lv.label, lang) for lv in temperature.marketing.levels
        },
        sales_levels={lv.name: label_text(lv.label, lang) for lv in temperature.sales.levels},
        personas={p.id: label_text(p.label, lang) for p in agreement.personas},
        reasons=[
            Reason(r.code, label_text(r.label, lang), r.note_required, r.outcome)
            for r in agreement.handoff.rejection.reasons
        ],
        touch_types={t.code: label_text(t.label, lang) for t in agreement.touch_types},
        questions=[
            Question(q.id, label_text(q.label, lang), q.kind, q.required)
            for q in agreement.feedback.questions
        ],
        clauses={c.id: c.text for c in agreement_clauses(agreement, lang)},
        reminders=tuple(sorted(agreement.handoff.sla.reminders)),
        agreement_language=lang == agreement.language,
    )
