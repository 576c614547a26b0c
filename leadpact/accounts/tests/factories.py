import factory

from leadpact.accounts.models import Account


class AccountFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Account

    domain = factory.Sequence(lambda n: f"firma{n}.pl")
    name = factory.Sequence(lambda n: f"Firma {n} sp. z o.o.")
    industry = "manufacturing"
    employees = 250
    country = "PL"
