from enum import StrEnum

class CbUserState(StrEnum):
    ACTIVE = "active"
    DISABLED = "disabled"
    PENDING_APPROVAL = "pending_approval"

    def __str__(self) -> str:
        return str(self.value)
