from enum import StrEnum

class UserRole(StrEnum):
    ADMIN = "admin"
    APPROVER = "approver"
    AUDITOR = "auditor"
    VIEWER = "viewer"

    def __str__(self) -> str:
        return str(self.value)
