from enum import StrEnum

class AuditRecordActorType(StrEnum):
    ADMINTOKEN = "AdminToken"
    APIKEY = "ApiKey"
    CLI = "Cli"
    USER = "User"

    def __str__(self) -> str:
        return str(self.value)
