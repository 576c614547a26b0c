"""Clause-by-clause differences between two agreement versions."""

from dataclasses import dataclass
from typing import Any, Literal

from leadpact.agreements.models import AgreementVersion
from leadpact.agreements.rules.clauses import clause_values
from leadpact.agreements.selectors import version_agreement


@dataclass(frozen=True)
class ClauseChange:
    clause: str
    change: Literal["added", "removed", "changed"]
    old: Any
    new: Any


def agreement_version_diff(*, a: AgreementVersion, b: AgreementVersion) -> list[ClauseChange]:
    """What changed from version `a` to version `b`, in `b`'s clause order (removed ones last)."""
    old = clause_values(version_agreement(version=a))
    new = clause_values(version_agreement(version=b))
    changes = []
    for clause, value in new.items():
        if clause not in old:
            changes.append(ClauseChange(clause, "added", None, value))
        elif old[clause] != value:
            changes.append(ClauseChange(clause, "changed", old[clause], value))
    changes.extend(
        ClauseChange(clause, "removed", value, None)
        for clause, value in old.items()
        if clause not in new
    )
    return changes
