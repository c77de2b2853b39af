from enum import StrEnum

class UserPatchStatus(StrEnum):
    ACTIVE = "Active"
    DISABLED = "Disabled"

    def __str__(self) -> str:
        return str(self.value)
