"""The forms of the pages. Each validates what a person can fix before a service is called,
with messages in their language; the services still guard everything."""

from datetime import date
from decimal import Decimal
from typing import Any
from zoneinfo import available_timezones

from django import forms
from django.conf import settings
from django.contrib.auth.forms import AuthenticationForm
from django.utils.translation import gettext_lazy as _

from leadpact.core.schemas import MOMENT_YEARS, MONEY_DIGITS, moment_in_range
from leadpact.web.words import AgreementWords

LOCAL_DATETIME = forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")


def moment_validate(value: date) -> None:
    """A date, or a date and time, within the years leadpact stores."""
    if not moment_in_range(value):
        raise forms.ValidationError(
            _("Give a date between the years %(first)s and %(last)s."),
            params={"first": MOMENT_YEARS[0], "last": MOMENT_YEARS[1]},
        )


class MomentField(forms.DateTimeField):
    """A date and time picked on a page, within the years leadpact stores."""

    default_validators = [moment_validate]


class SignInForm(AuthenticationForm):
    """E-mail and password; the e-mail is matched the way it is stored (lower case)."""

    username = forms.EmailField(
        label=_("E-mail"),
        widget=forms.EmailInput(attrs={"autofocus": True, "autocomplete": "email"}),
    )

    def clean_username(self) -> str:
        return str(self.cleaned_data["username"]).strip().lower()


class PreferencesForm(forms.Form):
    language = forms.ChoiceField(label=_("Language"), choices=settings.LANGUAGES)
    time_zone = forms.ChoiceField(
        label=_("Time zone"),
        choices=[(zone, zone) for zone in sorted(available_timezones()) if "/" in zone],
    )


class RejectForm(forms.Form):
    reason = forms.ChoiceField(label=_("Reason"))
    note = forms.CharField(
        label=_("Note"), required=False, max_length=5000, widget=forms.Textarea(attrs={"rows": 2})
    )

    def __init__(self, *args: Any, words: AgreementWords, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.words = words
        reason = self.fields["reason"]
        assert isinstance(reason, forms.ChoiceField)
        reason.choices = [("", _("Choose a reason"))] + [
            (r.code, f"{r.label} *" if r.note_required else r.label) for r in words.reasons
        ]
        needing = [r.label for r in words.reasons if r.note_required]
        if needing:
            self.fields["note"].help_text = _("Required for: %(reasons)s (marked *).") % {
                "reasons": ", ".join(needing)
            }

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        chosen = next((r for r in self.words.reasons if r.code == data.get("reason")), None)
        # A field already refused is not also "missing": one message, the true one.
        if chosen and chosen.note_required and _left_empty(self, "note"):
            self.add_error("note", _("This reason needs a note: the agreement requires one."))
        return data


def _left_empty(form: forms.Form, name: str) -> bool:
    """Whether a field was left empty: not refused for what was typed in it."""
    value = form.cleaned_data.get(name)
    return name not in form.errors and (value is None or not str(value).strip())


class FirstContactForm(forms.Form):
    at = MomentField(
        label=_("When"),
        required=False,
        widget=LOCAL_DATETIME,
        help_text=_("Leave empty to record the current time."),
    )


YES_NO = [("yes", _("Yes")), ("no", _("No"))]


class QualifyForm(forms.Form):
    product_potential = forms.ChoiceField(
        label=_("Product potential"), choices=YES_NO, widget=forms.RadioSelect
    )
    horizon_months = forms.IntegerField(
        label=_("Purchase horizon (months)"), required=False, min_value=0, max_value=240
    )
    meeting_at = MomentField(label=_("Meeting"), required=False, widget=LOCAL_DATETIME)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("product_potential") == "yes" and _left_empty(self, "horizon_months"):
            self.add_error(
                "horizon_months", _("Give the purchase horizon when there is potential.")
            )
        return data


class CloseForm(forms.Form):
    outcome = forms.ChoiceField(
        label=_("Outcome"),
        choices=[("won", _("Won")), ("lost", _("Lost"))],
        widget=forms.RadioSelect,
    )
    revenue = forms.DecimalField(
        label=_("Revenue"),
        required=False,
        min_value=Decimal(0),
        max_digits=MONEY_DIGITS,
        decimal_places=2,
        localize=True,  # 12,50 on a Polish page
    )
    currency = forms.RegexField(
        label=_("Currency"),
        regex=r"^[A-Z]{3}$",
        initial="PLN",
        error_messages={"invalid": _("Write the currency as three capital letters, e.g. PLN.")},
    )
    reason = forms.CharField(label=_("Why was it lost?"), required=False, max_length=200)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("outcome") == "won" and _left_empty(self, "revenue"):
            self.add_error("revenue", _("A won deal needs its revenue."))
        if data.get("outcome") == "lost" and _left_empty(self, "reason"):
            self.add_error("reason", _("Say why the deal was lost."))
        return data


class FeedbackForm(forms.Form):
    """The agreement's feedback questions, required where the agreement says so."""

    interesting = forms.BooleanField(
        label=_("This contact turned out one of the most interesting"), required=False
    )

    def __init__(self, *args: Any, words: AgreementWords, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.question_ids = [q.id for q in words.questions]
        questions = {
            f"q_{q.id}": forms.CharField(
                label=q.label,
                required=q.required,
                max_length=5000,
                widget=forms.Textarea(attrs={"rows": 3}),
                help_text=_("Marketing gets this as a request for information.")
                if q.kind == "information_request"
                else "",
            )
            for q in words.questions
        }
        self.fields = {**questions, "interesting": self.fields["interesting"]}

    def answers(self) -> dict[str, str]:
        return {
            qid: self.cleaned_data[f"q_{qid}"]
            for qid in self.question_ids
            if self.cleaned_data.get(f"q_{qid}")
        }


class AnswerForm(forms.Form):
    answer = forms.CharField(
        label=_("Answer"), max_length=5000, widget=forms.Textarea(attrs={"rows": 3})
    )
