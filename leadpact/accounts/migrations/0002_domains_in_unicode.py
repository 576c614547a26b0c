"""Domains stored in their ASCII `xn--` form take their Unicode spelling, the one the API and
the importer now give: otherwise the next touch naming the domain would make a second account.
One that another account already holds in Unicode is left as it is."""

from typing import Any

from django.db import migrations


def domains_in_unicode(apps: Any, schema_editor: Any) -> None:
    account = apps.get_model("accounts", "Account")
    taken = set(account.objects.values_list("domain", flat=True))
    for pk, domain in account.objects.filter(domain__contains="xn--").values_list("pk", "domain"):
        try:
            spelled = domain.encode("ascii").decode("idna")
        except UnicodeError:
            continue
        if spelled != domain and spelled not in taken:
            account.objects.filter(pk=pk).update(domain=spelled)
            taken.add(spelled)


class Migration(migrations.Migration):
    dependencies = [("accounts", "0001_initial")]

    operations = [
        migrations.RunPython(domains_in_unicode, migrations.RunPython.noop, elidable=True)
    ]
