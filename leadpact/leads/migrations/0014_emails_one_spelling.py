"""Lead e-mails take the one spelling ingestion now gives (`core.emails.email_normalize`): an
address typed into the admin in capitals or with its domain's `xn--` form would otherwise stay
a second lead beside the one the next touch creates. One whose spelling another lead already
holds is left as it is: merging two leads is a person's call."""

from typing import Any

from django.db import migrations

from leadpact.core.emails import email_normalize


def emails_one_spelling(apps: Any, schema_editor: Any) -> None:
    lead = apps.get_model("leads", "Lead")
    respelled = []
    for pk, email in lead.objects.values_list("pk", "email").iterator(chunk_size=10_000):
        spelled = email_normalize(email)
        if spelled != email:
            respelled.append((pk, spelled))
    for pk, email in respelled:
        if not lead.objects.filter(email=email).exists():
            lead.objects.filter(pk=pk).update(email=email)


class Migration(migrations.Migration):
    dependencies = [("leads", "0013_handoff_open_deadline_idx")]

    operations = [
        migrations.RunPython(emails_one_spelling, migrations.RunPython.noop, elidable=True)
    ]
