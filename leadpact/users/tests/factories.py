import factory

from leadpact.users.models import Team, User


class TeamFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Team
        django_get_or_create = ("slug",)

    slug = factory.Sequence(lambda n: f"team{n}")
    name = factory.LazyAttribute(lambda team: team.slug.title())


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"user{n}@firma.pl")
    name = factory.Faker("name", locale="pl_PL")
    role = User.Role.SALES_REP
    password = factory.django.Password("x-pass-12345")
