from .agencies import Agency, IndexSerial, Role, RoleGrant, User
from .audit import AuditEvent
from .calendar import CalendarDay, CalendarYear
from .screening import SecrecyMark

__all__ = [
    "Agency",
    "AuditEvent",
    "CalendarDay",
    "CalendarYear",
    "IndexSerial",
    "Role",
    "RoleGrant",
    "SecrecyMark",
    "User",
]
