from enum import StrEnum

class AuditRecordEnvironmentType0(StrEnum):
    LIVE = "live"
    TEST = "test"

    def __str__(self) -> str:
        return str(self.value)
