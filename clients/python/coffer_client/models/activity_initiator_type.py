from enum import StrEnum

class ActivityInitiatorType(StrEnum):
    APIKEY = "ApiKey"
    USER = "User"

    def __str__(self) -> str:
        return str(self.value)
