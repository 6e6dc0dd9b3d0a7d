"""The letters' reply clocks for the compliance dashboard and the reminder task (core.clocks)."""

from __future__ import annotations

from collections.abc import Iterator

from django.urls import reverse

from gongkai.core.clocks import Clock

from .models import Letter
from .selectors import OPEN_STATES, end_of_day, letter_deadline, reply_workdays


def open_clocks(*, agency_ids: set[int] | None = None) -> Iterator[Clock]:
    """One clock per letter awaiting an answer (first reply or follow-up reply), in working days."""
    qs = Letter.objects.filter(state__in=OPEN_STATES).select_related("agency")
    if agency_ids is not None:
        qs = qs.filter(agency_id__in=agency_ids)
    limits: dict[int, int] = {}
    for letter in qs.iterator():
        if letter.agency_id not in limits:
            limits[letter.agency_id] = reply_workdays(letter.agency_id)
        deadline = letter_deadline(letter, limit=limits[letter.agency_id])
        followup = letter.awaiting_followup_reply
        yield Clock(
            kind="letter_reply",
            kind_label="来信追问答复" if followup else "来信答复",
            title=f"来信 {letter.tracking_code}（{letter.get_box_display()}）",
            agency_id=letter.agency_id,
            owner=letter.unit or letter.agency.short_name,
            started_at=letter.followup_at if followup else letter.received_at,
            due_at=end_of_day(deadline.date),
            url=reverse("letters:staff_detail", kwargs={"pk": letter.pk}),
            provisional=deadline.provisional,
        )
