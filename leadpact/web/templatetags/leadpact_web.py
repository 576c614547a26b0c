from django import template
from django.urls import reverse
from django.utils.html import format_html
from django.utils.safestring import SafeString
from django.utils.translation import gettext as _

from leadpact.web.timeline import stage_label as _stage_label

register = template.Library()


@register.filter
def stage_label(code: str) -> str:
    return _stage_label(code)


@register.filter
def absolute(value: float | int) -> float | int:
    return abs(value)


@register.simple_tag
def clause_link(clause_id: str) -> SafeString:
    """The clause id, linking to that clause in the agreement document (a plain navigation,
    not boosted by htmx, so that the browser scrolls to the anchor)."""
    return format_html(
        '<a class="clause-link" href="{}#{}" hx-boost="false">#{}</a>',
        reverse("web:agreement"),
        clause_id,
        clause_id,
    )


@register.filter
def lead_name(lead: object) -> str:
    first = getattr(lead, "first_name", "")
    last = getattr(lead, "last_name", "")
    return f"{first} {last}".strip() or str(getattr(lead, "email", ""))


@register.filter
def label_of(labels: dict[str, str] | None, key: str) -> str:
    """`{{ words.personas|label_of:lead.persona }}`: the agreement's label, or a dash."""
    if not key:
        return "—"
    return (labels or {}).get(key, key)


@register.filter
def detail_value(value: object) -> str:
    """An audit entry's detail as a reader writes it, not as Python prints it: `—` for none,
    lists joined with commas, yes/no in the page's language."""
    if value is None or value == "" or value == [] or value == {}:
        return "—"
    if isinstance(value, bool):
        return str(_("yes") if value else _("no"))
    if isinstance(value, list | tuple):
        return ", ".join(detail_value(item) for item in value)
    if isinstance(value, dict):
        return ", ".join(f"{key}: {detail_value(item)}" for key, item in value.items())
    return str(value)
