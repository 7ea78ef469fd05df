"""factory_boy factories for every model the tests build."""

import factory
from factory.django import DjangoModelFactory

from org.choices import DepartmentKind, Role
from org.models import Department, Direction, Municipality, RoleAssignment, User


class MunicipalityFactory(DjangoModelFactory):
    class Meta:
        model = Municipality
        django_get_or_create = ("code",)

    code = factory.Sequence(lambda n: f"mo{n}")
    name = factory.Sequence(lambda n: f"Муниципальное образование {n}")
    administration_name = factory.LazyAttribute(lambda o: f"Администрация {o.name}")
    region = "Томская область"
    mayor_title = factory.LazyAttribute(lambda o: f"Мэр {o.name}")


class UserFactory(DjangoModelFactory):
    class Meta:
        model = User
        django_get_or_create = ("username",)
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    last_name = factory.Sequence(lambda n: f"Иванов{n}")
    first_name = "Иван"
    patronymic = "Иванович"
    position = "Главный специалист"
    email = factory.LazyAttribute(lambda o: f"{o.username}@example.test")
    municipality = factory.SubFactory(MunicipalityFactory)
    password = factory.PostGenerationMethodCall("set_password", "pass12345")

    @factory.post_generation
    def roles(self, create, extracted, **kwargs):
        self.save()
        for role in extracted or ():
            RoleAssignment.objects.get_or_create(user=self, role=role)
        self._roles_cache = None


class DirectionFactory(DjangoModelFactory):
    class Meta:
        model = Direction

    municipality = factory.SubFactory(MunicipalityFactory)
    name = factory.Sequence(lambda n: f"Направление {n}")
    coordinator = factory.SubFactory(
        UserFactory, municipality=factory.SelfAttribute("..municipality"), roles=[Role.COORDINATOR]
    )


class DepartmentFactory(DjangoModelFactory):
    class Meta:
        model = Department

    municipality = factory.SubFactory(MunicipalityFactory)
    name = factory.Sequence(lambda n: f"Отдел {n}")
    short_name = factory.Sequence(lambda n: f"О{n}")
    kind = DepartmentKind.UNIT
    direction = factory.SubFactory(DirectionFactory, municipality=factory.SelfAttribute("..municipality"))
