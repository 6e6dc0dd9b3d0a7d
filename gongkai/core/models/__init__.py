from .agencies import Agency, IndexSerial, Role, RoleGrant, User
from .audit import AuditEvent
from .calendar import CalendarDay, CalendarYear
from .idempotency import IdempotencyKey
from .screening import SecrecyMark

__all__ = [
    "Agency",
    "AuditEvent",
    "CalendarDay",
    "CalendarYear",
    "IdempotencyKey",
    "IndexSerial",
    "Role",
    "RoleGrant",
    "SecrecyMark",
    "User",
]
