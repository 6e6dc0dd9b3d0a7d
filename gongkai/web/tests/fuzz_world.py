"""Records every public form needs, built lazily through the real services; shared by the form fuzzing
and the stored-XSS tests. Each property builds its record on first use (tests pay only for what they touch)."""

from __future__ import annotations

import datetime as dt
from functools import cached_property

from django.utils import timezone

from gongkai.core.models import Role
from gongkai.core.tests.factories import AgencyFactory, staff

# Payloads planted in every text field. Each carries the marker, so an executable element or attribute
# that came from input is told apart from the site's own markup.
MARKER = "gkxss"
XSS_PAYLOADS = (
    f"<script>alert('{MARKER}')</script>",
    f'"><img src=x onerror=alert("{MARKER}")>',
    f"'><svg onload=alert('{MARKER}')>",
    f"javascript:alert('{MARKER}')",
    f'<a href="javascript:alert(\'{MARKER}\')">{MARKER}链接</a>',
    f"<iframe src=javascript:alert('{MARKER}')></iframe>",
    f"</textarea><script>alert('{MARKER}')</script>",
    f"<body onload=alert('{MARKER}')>",
    f"<math><mtext><table><mglyph><style><img src=x onerror=alert('{MARKER}')>",
)


def at(days: int, hour: int = 9) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(timezone.localdate() + dt.timedelta(days=days), dt.time(hour)))


class World:
    @cached_property
    def district(self):
        return AgencyFactory(name="测试区人民政府", short_name="区政府", slug="district")

    @cached_property
    def agency(self):
        return AgencyFactory(name="测试区农业综合开发办公室", short_name="区农发办", slug="nongfa", parent=self.district)

    @cached_property
    def editor(self):
        return staff(self.agency, Role.EDITOR, Role.MODERATOR)

    @cached_property
    def reviewer(self):
        return staff(self.agency, Role.REVIEWER)

    @cached_property
    def signer(self):
        return staff(self.agency, Role.SIGNER)

    @cached_property
    def handler(self):
        return staff(self.agency, Role.HANDLER, Role.REQUEST_HANDLER, Role.SPOKESPERSON)

    @cached_property
    def login_user(self):
        user = staff(self.agency, Role.EDITOR)
        user.set_password("演示密码-fuzz-2026")
        user.save()
        return user

    @cached_property
    def column(self):
        from gongkai.disclosures.tests.factories import ColumnFactory

        return ColumnFactory(name="政策文件", slug="policies")

    @cached_property
    def decision(self):
        from gongkai.decisions.tests.factories import in_consultation

        return in_consultation(self.editor)

    def comment(self, content: str = "建议提高管护经费标准。"):
        from gongkai.decisions import services

        return services.comment_submit(
            decision=self.decision, content=content, name="王小明", phone="13700001111", paragraph_number=1, show_name=False, email="", ip=None
        )

    @cached_property
    def shown_comment(self):
        from gongkai.decisions import services

        return services.comment_moderate(comment=self.comment(), by=self.editor, action="approve")

    @cached_property
    def hearing(self):
        from gongkai.decisions import services

        meeting = services.meeting_create(
            decision=self.decision, by=self.editor, kind="hearing", title="管护经费标准听证会", starts_at=at(20), ends_at=at(20, 11), place="区政府三楼会议室"
        )
        return services.meeting_registration_set(meeting=meeting, by=self.editor, closes_on=timezone.localdate() + dt.timedelta(days=5))

    @cached_property
    def survey(self):
        from gongkai.decisions import services

        return services.survey_create(
            decision=self.decision, by=self.editor, title="管护办法民意调查", intro="", opens_on=timezone.localdate(),
            closes_on=timezone.localdate() + dt.timedelta(days=10),
            questions=[
                {"kind": "single", "text": "是否支持？", "options": ["支持", "不支持"]},
                {"kind": "text", "text": "其他建议", "options": [], "required": False},
            ],
        )

    def letter(self, **fields):
        from gongkai.letters.tests.factories import letter

        fields.setdefault("phone", "13700002222")
        return letter(self.agency, **fields)

    def replied_letter(self, reply: str = "您的建议已采纳。", **fields):
        from gongkai.letters import services

        made = self.letter(**fields)
        services.letter_assign(letter=made, by=self.handler)
        services.letter_reply(letter=made, by=self.handler, text=reply)
        made.refresh_from_db()
        return made

    @cached_property
    def subscription(self):
        from gongkai.publishing import services

        return services.subscription_request(email="reader@example.com", kind="column", target=self.column.slug)
