from enum import StrEnum

class ApiKeyCreateEnvironmentType0(StrEnum):
    LIVE = "live"
    TEST = "test"

    def __str__(self) -> str:
        return str(self.value)
