"""What the agreement pages show and ask: version rows, clause changes in the reader's language,
and the forms to propose, sign and activate a version."""

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from leadpact.agreements.diff import agreement_version_diff
from leadpact.agreements.models import AgreementVersion
from leadpact.agreements.rendering import render_language
from leadpact.agreements.rules.clauses import Clause, agreement_clauses
from leadpact.agreements.rules.schema import label_text
from leadpact.agreements.selectors import SignerState, version_agreement, version_signer_states
from leadpact.web.forms import LOCAL_DATETIME, MomentField

# An agreement file is some ten kilobytes; a megabyte is a mistake, not an agreement.
MAX_FILE_BYTES = 1_000_000


@dataclass(frozen=True)
class VersionRow:
    """One version as the pages list it."""

    version: AgreementVersion
    title: str
    signers: list[SignerState]
    in_force: bool

    @property
    def waiting_for(self) -> list[SignerState]:
        if self.version.status != AgreementVersion.Status.DRAFT:
            return []
        return [s for s in self.signers if s.required and s.signed_at is None]

    @property
    def signed(self) -> list[SignerState]:
        return [s for s in self.signers if s.signed_at is not None]

    @property
    def scheduled(self) -> bool:
        """Signed and set to take effect at a time still to come."""
        effective = self.version.effective_from
        return (
            self.version.status == AgreementVersion.Status.SIGNED
            and effective is not None
            and effective > timezone.now()
        )


def version_row(
    *, version: AgreementVersion, lang: str, in_force: AgreementVersion | None
) -> VersionRow:
    agreement = version_agreement(version=version)
    return VersionRow(
        version=version,
        title=label_text(agreement.title, render_language(agreement, lang)),
        signers=version_signer_states(version=version),
        in_force=in_force is not None and in_force.pk == version.pk,
    )


@dataclass(frozen=True)
class ClauseChangeRow:
    """One clause that differs, with its wording in each version (empty where it is absent)."""

    clause: str
    change: str
    heading: str
    old_text: str
    new_text: str


def _clauses_of(version: AgreementVersion, lang: str) -> dict[str, Clause]:
    agreement = version_agreement(version=version)
    return {c.id: c for c in agreement_clauses(agreement, render_language(agreement, lang))}


def clause_changes(
    *, old: AgreementVersion, new: AgreementVersion, lang: str
) -> list[ClauseChangeRow]:
    """`agreements.diff` clause by clause, worded as the documents word each clause."""
    before, after = _clauses_of(old, lang), _clauses_of(new, lang)
    rows = []
    for change in agreement_version_diff(a=old, b=new):
        was, now = before.get(change.clause), after.get(change.clause)
        either = now or was
        heading = either.heading if either else change.clause
        rows.append(
            ClauseChangeRow(
                clause=change.clause,
                change=change.change,
                heading=heading,
                old_text=was.text if was else "",
                new_text=now.text if now else "",
            )
        )
    return rows


class ProposeForm(forms.Form):
    """An agreement file or its pasted text; a chosen file is used rather than the text."""

    file = forms.FileField(
        label=_("Agreement file (YAML or JSON)"),
        required=False,
        widget=forms.ClearableFileInput(attrs={"accept": ".yaml,.yml,.json,text/yaml"}),
    )
    text = forms.CharField(
        label=_("Or paste the agreement's text"),
        required=False,
        strip=False,
        widget=forms.Textarea(attrs={"rows": 18, "spellcheck": "false", "class": "source-text"}),
        help_text=_("If you choose a file, its text is used and shown here."),
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        upload = data.get("file")
        text = str(data.get("text") or "")
        self.filename = "agreement.yaml"
        if upload:
            if upload.size > MAX_FILE_BYTES:
                self.add_error("file", _("The file is too large for an agreement (over 1 MB)."))
                return data
            try:
                text = upload.read().decode("utf-8-sig")
            except UnicodeDecodeError:
                self.add_error("file", _("The file is not UTF-8 text: save it as UTF-8."))
                return data
            self.filename = upload.name or self.filename
        if not text.strip():
            raise forms.ValidationError(_("Choose a file or paste the agreement's text."))
        # Browsers send a textarea's lines ending in CR LF; keep the file as it was written.
        data["source"] = text.replace("\r\n", "\n")
        return data


class SignForm(forms.Form):
    confirm = forms.BooleanField(
        label=_("I have read and accept this version"),
        error_messages={
            "required": _("Tick “I have read and accept this version” to sign it."),
        },
    )


class ActivateForm(forms.Form):
    effective_from = MomentField(
        label=_("Takes effect from"),
        required=False,
        widget=LOCAL_DATETIME,
        help_text=_("Leave empty to put the version in force now, or choose a time to come."),
    )

    def clean_effective_from(self) -> datetime | None:
        moment: datetime | None = self.cleaned_data.get("effective_from")
        if moment is not None and moment <= timezone.now():
            raise forms.ValidationError(
                _("This time has passed: leave the field empty to activate now.")
            )
        return moment


class DiffForm(forms.Form):
    """Two versions to compare; the fields are named `from` and `to` as in the address."""

    def __init__(self, *args: Any, versions: list[AgreementVersion], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        choices = [(v.number, f"{v.number} · {v.get_status_display()}") for v in versions]
        self.fields["from"] = forms.TypedChoiceField(
            label=_("From version"), choices=choices, coerce=int
        )
        self.fields["to"] = forms.TypedChoiceField(
            label=_("To version"), choices=choices, coerce=int
        )
