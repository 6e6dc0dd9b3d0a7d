from .agencies import Agency, IndexSerial, Role, RoleGrant, User
from .audit import AuditEvent
from .screening import SecrecyMark

__all__ = ["Agency", "AuditEvent", "IndexSerial", "Role", "RoleGrant", "SecrecyMark", "User"]
