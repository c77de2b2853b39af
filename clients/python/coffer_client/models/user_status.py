from enum import StrEnum

class UserStatus(StrEnum):
    ACTIVE = "Active"
    DISABLED = "Disabled"
    PENDINGAPPROVAL = "PendingApproval"

    def __str__(self) -> str:
        return str(self.value)
