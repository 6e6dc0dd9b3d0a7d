"""Factories for agencies and staff."""

from __future__ import annotations

import factory

from gongkai.core.credit_code import make_credit_code
from gongkai.core.models import Agency, Role, RoleGrant, User


class AgencyFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Agency
        django_get_or_create = ("slug",)

    name = factory.Sequence(lambda n: f"测试机构{n}")
    short_name = factory.Sequence(lambda n: f"机构{n}")
    slug = factory.Sequence(lambda n: f"agency{n}")
    credit_code = factory.Sequence(lambda n: make_credit_code(f"11370704MB{n:07d}"))


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    display_name = factory.Sequence(lambda n: f"工作人员{n}")
    agency = factory.SubFactory(AgencyFactory)
    password = factory.django.Password("correct-horse-42")

    @factory.post_generation
    def roles(self, create, extracted, **kwargs):
        for role in extracted or ():
            RoleGrant.objects.create(user=self, role=role)
        self._roles_cache = None


def staff(agency: Agency, *roles: str, **kwargs) -> User:
    """A staff member of `agency` holding `roles`."""
    return UserFactory(agency=agency, roles=[Role(r) for r in roles], **kwargs)
