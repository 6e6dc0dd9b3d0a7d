"""Agencies (机构), staff users and their roles."""

from __future__ import annotations

from django.contrib.auth.models import AbstractUser
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from gongkai.core.credit_code import is_valid_credit_code


def validate_credit_code(value: str) -> None:
    if not is_valid_credit_code(value):
        raise ValidationError(_("统一社会信用代码无效：应为18位，且校验位正确。"))


class Agency(models.Model):
    """A government body: the district government, a department, an office."""

    parent = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="children", verbose_name=_("上级机构")
    )
    name = models.CharField(_("机构全称"), max_length=120, unique=True)
    short_name = models.CharField(_("简称"), max_length=40)
    credit_code = models.CharField(
        _("统一社会信用代码"), max_length=18, unique=True, validators=[validate_credit_code]
    )
    slug = models.SlugField(_("网址标识"), max_length=40, unique=True)
    address = models.CharField(_("地址"), max_length=200, blank=True)
    phone = models.CharField(_("电话"), max_length=40, blank=True)
    fax = models.CharField(_("传真"), max_length=40, blank=True)
    office_hours = models.CharField(_("办公时间"), max_length=100, blank=True)
    email = models.EmailField(_("电子邮箱"), blank=True)
    sort_order = models.PositiveIntegerField(_("排序"), default=0)

    class Meta:
        ordering = ["sort_order", "id"]
        verbose_name = _("机构")
        verbose_name_plural = _("机构")

    def __str__(self) -> str:
        return self.name

    def ancestors(self) -> list[Agency]:
        """From the root down to the parent."""
        chain: list[Agency] = []
        node = self.parent
        while node is not None:
            chain.append(node)
            node = node.parent
        return list(reversed(chain))

    def descendant_ids(self) -> set[int]:
        """This agency's id and those of all agencies below it."""
        ids = {self.pk}
        frontier = [self.pk]
        while frontier:
            frontier = list(Agency.objects.filter(parent_id__in=frontier).values_list("pk", flat=True))
            ids.update(frontier)
        return ids


class IndexSerial(models.Model):
    """Last index-number serial issued per agency and year; serials are never reused."""

    agency = models.ForeignKey(Agency, on_delete=models.CASCADE, related_name="+")
    year = models.PositiveIntegerField()
    last = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["agency", "year"], name="unique_index_serial")]


class Role(models.TextChoices):
    EDITOR = "editor", _("编辑")  # writes drafts and submits them
    REVIEWER = "reviewer", _("审核")  # confidentiality review (保密审查)
    SIGNER = "signer", _("签发")  # a leader who signs for publication
    AGENCY_ADMIN = "agency_admin", _("机构管理员")  # manages the agency's staff and settings
    SPOKESPERSON = "spokesperson", _("新闻发言人")  # speaks for the agency: interpretations, press, opinion response
    MODERATOR = "moderator", _("评论审核")  # moderates public comments and free-text answers
    HANDLER = "handler", _("办理人员")  # handles letters, opinion incidents; sees contact data of senders
    REQUEST_HANDLER = "request_handler", _("依申请公开办理")  # handles disclosure requests; sees identity data
    SUPERVISOR = "supervisor", _("监督人员")  # the district's open-government office: reads dashboards of all agencies


class User(AbstractUser):
    """A staff member (or a system administrator without an agency)."""

    agency = models.ForeignKey(
        Agency, null=True, blank=True, on_delete=models.PROTECT, related_name="staff", verbose_name=_("所属机构")
    )
    display_name = models.CharField(_("姓名"), max_length=60, blank=True)
    phone = models.CharField(_("联系电话"), max_length=40, blank=True)

    class Meta:
        verbose_name = _("工作人员")
        verbose_name_plural = _("工作人员")

    def __str__(self) -> str:
        return self.display_name or self.username

    @property
    def roles(self) -> frozenset[str]:
        cached = getattr(self, "_roles_cache", None)
        if cached is None:
            cached = frozenset(self.role_grants.values_list("role", flat=True)) if self.pk else frozenset()
            self._roles_cache = cached
        return cached

    def has_role(self, role: str) -> bool:
        return role in self.roles

    def role_labels(self) -> list[str]:
        return [str(Role(r).label) for r in Role.values if r in self.roles]


class RoleGrant(models.Model):
    """One role held by one staff member in their agency."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="role_grants")
    role = models.CharField(_("角色"), max_length=30, choices=Role.choices)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["user", "role"], name="unique_role_grant")]
        verbose_name = _("角色")
        verbose_name_plural = _("角色")

    def __str__(self) -> str:
        return f"{self.user} · {self.get_role_display()}"
