from django import forms
from django.utils.translation import gettext_lazy as _


class PersonForm(forms.Form):
    email = forms.EmailField(label=_("The person's e-mail"))


class EraseForm(PersonForm):
    confirm = forms.BooleanField(
        label=_("I understand that erasure cannot be undone"), required=True
    )
