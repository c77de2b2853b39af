from enum import StrEnum

class VaultStatus(StrEnum):
    ACTIVE = "Active"
    ARCHIVED = "Archived"
    FROZEN = "Frozen"

    def __str__(self) -> str:
        return str(self.value)
