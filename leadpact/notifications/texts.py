"""What each kind of notification says, in Polish and in English.

Each text is a small Django template over the notification's payload (plus `recipient`); a key
that a payload lacks renders empty, so a producer may add fields without breaking a message.
Times (`*_at` keys) are shown in the recipient's time zone.
"""

from leadpact.notifications.models import Notification

K = Notification.Kind

# kind → language → (subject, body)
TEXTS: dict[str, dict[str, tuple[str, str]]] = {
    K.LEAD_ASSIGNED: {
        "pl": (
            "Nowy lead dla Ciebie: {{ lead }}",
            "Lead {{ lead }} (zespół {{ team }}) został przekazany Tobie.\n"
            "Przyjmij go lub odrzuć z podaniem powodu do {{ accept_due_at }} — tak mówi umowa.",
        ),
        "en": (
            "A new lead for you: {{ lead }}",
            "The lead {{ lead }} (team {{ team }}) has been handed to you.\n"
            "Accept it, or reject it with a reason, by {{ accept_due_at }}: the agreement says so.",
        ),
    },
    K.LEAD_QUEUED: {
        "pl": (
            "Lead czeka w kolejce zespołu {{ team }}: {{ lead }}",
            "Żaden handlowiec zespołu {{ team }} nie może teraz przyjąć leada {{ lead }}.\n"
            "Przydziel go ręcznie; termin akceptacji mija {{ accept_due_at }}.",
        ),
        "en": (
            "A lead waits in team {{ team }}'s queue: {{ lead }}",
            "No rep of team {{ team }} can take the lead {{ lead }} now.\n"
            "Assign it by hand; it must be accepted by {{ accept_due_at }}.",
        ),
    },
    K.SLA_REMINDER: {
        "pl": (
            "Przypomnienie: lead {{ lead }} czeka na akceptację",
            "Przypomnienie nr {{ number }}: lead {{ lead }} wciąż czeka na Twoją decyzję.",
        ),
        "en": (
            "Reminder: the lead {{ lead }} waits for you",
            "Reminder {{ number }}: the lead {{ lead }} still waits for your decision.",
        ),
    },
    K.SLA_BREACH: {
        "pl": (
            "Termin SLA minął: {{ lead }}",
            "{% if deadline == 'first_contact' %}Minął termin pierwszego kontaktu{% else %}"
            "Minął termin akceptacji{% endif %} z leadem {{ lead }}. Kierownik zespołu został "
            "powiadomiony.",
        ),
        "en": (
            "SLA deadline missed: {{ lead }}",
            "The {% if deadline == 'first_contact' %}first-contact{% else %}acceptance"
            "{% endif %} deadline for the lead {{ lead }} has passed. The team manager has "
            "been told.",
        ),
    },
    K.SLA_ESCALATION: {
        "pl": (
            "Eskalacja SLA: {{ lead }}",
            "{% if deadline == 'first_contact' %}Nikt nie skontaktował się z leadem{% else %}"
            "Nikt nie zaakceptował leada{% endif %} {{ lead }} w terminie z umowy. Zdecyduj, "
            "kto się nim zajmie.",
        ),
        "en": (
            "SLA escalation: {{ lead }}",
            "Nobody {% if deadline == 'first_contact' %}contacted{% else %}accepted{% endif %} "
            "the lead {{ lead }} within the agreement's deadline. Decide who takes it.",
        ),
    },
    K.LEAD_REASSIGNED: {
        "pl": (
            "Przekazano Ci lead: {{ lead }}",
            "Lead {{ lead }}{% if previous_owner %} (wcześniej: {{ previous_owner }}){% endif %} "
            "jest teraz Twój.",
        ),
        "en": (
            "A lead was reassigned to you: {{ lead }}",
            "The lead {{ lead }}{% if previous_owner %} (until now {{ previous_owner }}){% endif %} "
            "is now yours.",
        ),
    },
    K.INFORMATION_ANSWERED: {
        "pl": (
            "Odpowiedź na prośbę o informacje: {{ lead }}",
            "Marketing odpowiedział na Twoją prośbę o informacje o leadzie {{ lead }}."
            "{% if answer %}\n\n{{ answer }}{% endif %}",
        ),
        "en": (
            "Your information request was answered: {{ lead }}",
            "Marketing answered your request for information about the lead {{ lead }}."
            "{% if answer %}\n\n{{ answer }}{% endif %}",
        ),
    },
    K.AGREEMENT_TO_SIGN: {
        "pl": (
            "Umowa{% if number %} nr {{ number }}{% endif %} czeka na Twój podpis",
            "Nowa wersja umowy marketingu i sprzedaży czeka na Twój podpis.",
        ),
        "en": (
            "Agreement{% if number %} version {{ number }}{% endif %} waits for your signature",
            "A new version of the marketing–sales agreement waits for your signature.",
        ),
    },
    K.AGREEMENT_ACTIVATED: {
        "pl": (
            "Umowa{% if number %} nr {{ number }}{% endif %} obowiązuje",
            "Od {{ effective_from_at|default:'teraz' }} każdy lead jest oceniany według nowej "
            "wersji umowy.",
        ),
        "en": (
            "Agreement{% if number %} version {{ number }}{% endif %} is in force",
            "From {{ effective_from_at|default:'now' }} every lead is judged by the new version "
            "of the agreement.",
        ),
    },
    K.REPORT_READY: {
        "pl": (
            "Raport{% if period %} za {{ period }}{% endif %} jest gotowy",
            "Raport z realizacji umowy{% if period %} za {{ period }}{% endif %} jest gotowy"
            "{% if filename %}; pełny raport jest w załączniku ({{ filename }}){% endif %}."
            "{% if summary %}{% with s=summary %}\n\n"
            "MQL: {{ s.mql.total }} (zgodne z ICP: {{ s.mql.icp }})\n"
            "Przekazane do sprzedaży: {{ s.handed_off.total }} (przyjęte: {{ s.handed_off.accepted }}, "
            "odrzucone: {{ s.handed_off.rejected }}, bez decyzji: {{ s.handed_off.waiting }})\n"
            "Gorące: {{ s.hot }} · nurturing: {{ s.nurture }} · w toku: {{ s.in_progress.total }}\n"
            "Wygrane: {{ s.won.count }} ({{ s.won.revenue|floatformat:'-2g' }} {{ s.won.currency }})\n"
            "Decyzje w terminie SLA: {% if s.sla_in_time_share is None %}—{% else %}"
            "{% widthratio s.sla_in_time_share 1 100 %}%{% endif %}{% endwith %}{% endif %}"
            "{% if period %}\n\nRaport na stronie: {{ base_url }}/reports/{{ period }}/{% endif %}",
        ),
        "en": (
            "The report{% if period %} for {{ period }}{% endif %} is ready",
            "The agreement report{% if period %} for {{ period }}{% endif %} is ready"
            "{% if filename %}; the full report is attached ({{ filename }}){% endif %}."
            "{% if summary %}{% with s=summary %}\n\n"
            "MQLs: {{ s.mql.total }} (matching the ICP: {{ s.mql.icp }})\n"
            "Handed to sales: {{ s.handed_off.total }} (accepted: {{ s.handed_off.accepted }}, "
            "rejected: {{ s.handed_off.rejected }}, waiting: {{ s.handed_off.waiting }})\n"
            "Hot: {{ s.hot }} · nurture: {{ s.nurture }} · in progress: {{ s.in_progress.total }}\n"
            "Won: {{ s.won.count }} ({{ s.won.revenue|floatformat:'-2g' }} {{ s.won.currency }})\n"
            "Decided within the SLA: {% if s.sla_in_time_share is None %}—{% else %}"
            "{% widthratio s.sla_in_time_share 1 100 %}%{% endif %}{% endwith %}{% endif %}"
            "{% if period %}\n\nThe report on the page: {{ base_url }}/reports/{{ period }}/"
            "{% endif %}",
        ),
    },
    K.WEBHOOK_DISABLED: {
        "pl": (
            "Wyłączono webhook {{ url }}",
            "Odbiorca {{ url }} odpowiedział, że nie chce więcej powiadomień, więc endpoint "
            "został wyłączony.\nPowód: {{ reason }}\nWłącz go ponownie w panelu administratora, "
            "gdy odbiorca będzie gotowy.",
        ),
        "en": (
            "Webhook {{ url }} was disabled",
            "The receiver {{ url }} answered that it wants no more notifications, so the "
            "endpoint was disabled.\nReason: {{ reason }}\nTurn it back on in the admin when "
            "the receiver is ready.",
        ),
    },
}

FOOTER = {
    "pl": "Wiadomość z leadpact: {{ base_url }}",
    "en": "Sent by leadpact: {{ base_url }}",
}
