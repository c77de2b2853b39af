from enum import StrEnum

class VaultPatchStatus(StrEnum):
    ACTIVE = "Active"
    ARCHIVED = "Archived"
    FROZEN = "Frozen"

    def __str__(self) -> str:
        return str(self.value)
