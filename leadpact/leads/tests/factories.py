import factory

from leadpact.accounts.tests.factories import AccountFactory
from leadpact.leads.models import Lead


class LeadFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Lead

    email = factory.Sequence(lambda n: f"osoba{n}@firma.pl")
    first_name = factory.Faker("first_name", locale="pl_PL")
    last_name = factory.Faker("last_name", locale="pl_PL")
    job_title = "Kierownik produkcji"
    account = factory.SubFactory(AccountFactory)
