from enum import StrEnum

class ApiKeyCreateRolesItem(StrEnum):
    ADMIN = "admin"
    AUDITOR = "auditor"
    OPERATOR = "operator"
    SIGNER = "signer"
    TREASURER = "treasurer"
    VIEWER = "viewer"

    def __str__(self) -> str:
        return str(self.value)
