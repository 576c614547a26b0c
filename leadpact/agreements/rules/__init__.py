"""The agreement as data and the pure engine that applies it — no Django here.

Start with `schema.Agreement` (the document), `loading.agreement_parse` (text → Agreement, every
problem with its line), `clauses.agreement_clauses` (the clauses and their stable ids) and
`engine.evaluate` (facts about one lead → an Assessment with a trace of clause ids). See
`leadpact/agreements/README.md`.
"""

from .clauses import Clause, agreement_clauses, clause_exists, clause_values
from .engine import (
    Assessment,
    Reason,
    compile_agreement,
    evaluate,
    rejection_reason,
    sales_temperature,
)
from .facts import AccountFacts, Facts, LeadFacts, SalesAnswers, TouchFact
from .loading import (
    AgreementInvalid,
    AgreementProblem,
    agreement_parse,
    agreement_path_line,
    agreement_signer_lines,
    example_agreement,
    example_agreement_text,
)
from .schema import (
    Agreement,
    Label,
    agreement_required_signers,
    agreement_signer_paths,
    agreement_signers,
    label_text,
)

__all__ = [
    "AccountFacts",
    "Agreement",
    "AgreementInvalid",
    "AgreementProblem",
    "Assessment",
    "Clause",
    "Facts",
    "Label",
    "LeadFacts",
    "Reason",
    "SalesAnswers",
    "TouchFact",
    "agreement_clauses",
    "agreement_parse",
    "agreement_path_line",
    "agreement_required_signers",
    "agreement_signer_lines",
    "agreement_signer_paths",
    "agreement_signers",
    "clause_exists",
    "clause_values",
    "compile_agreement",
    "evaluate",
    "example_agreement",
    "example_agreement_text",
    "label_text",
    "rejection_reason",
    "sales_temperature",
]
