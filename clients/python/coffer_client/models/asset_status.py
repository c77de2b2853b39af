from enum import StrEnum

class AssetStatus(StrEnum):
    ACTIVE = "Active"
    DISABLED = "Disabled"

    def __str__(self) -> str:
        return str(self.value)
