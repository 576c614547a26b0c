"""The words a reader sees for the codes a report counts by (rejection reasons, marketing
temperature levels, personas, feedback questions), taken from the agreement versions the
period was judged under."""

from typing import Any

from leadpact.agreements.models import AgreementVersion
from leadpact.agreements.rules.schema_common import label_text
from leadpact.agreements.selectors import version_agreement
from leadpact.reports.funnel import NO_LEVEL
from leadpact.users.models import User


def report_code_labels(*, data: dict[str, Any], lang: str) -> dict[str, str]:
    """code → label; where versions disagree, the latest version's label wins."""
    # Handoffs opened while marketing had given the lead no temperature are counted apart.
    labels: dict[str, str] = {NO_LEVEL: "bez temperatury" if lang == "pl" else "no temperature"}
    numbers = data.get("agreement_versions") or []
    for version in AgreementVersion.objects.filter(number__in=numbers).order_by("number"):
        agreement = version_agreement(version=version)
        for reason in agreement.handoff.rejection.reasons:
            labels[reason.code] = label_text(reason.label, lang)
        for level in agreement.temperature.marketing.levels:
            labels[level.name] = label_text(level.label, lang)
        for persona in agreement.personas:
            labels[persona.id] = label_text(persona.label, lang)
        for question in agreement.feedback.questions:
            labels[question.id] = label_text(question.label, lang)
    # Reps are keyed by e-mail in the data; a reader knows them by name.
    reps = {*(data.get("per_rep") or {}), *((data.get("sla") or {}).get("per_rep") or {})}
    for email, name in User.objects.filter(email__in=reps).values_list("email", "name"):
        labels[email] = name or email
    return labels
