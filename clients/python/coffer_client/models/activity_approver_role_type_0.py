from enum import StrEnum

class ActivityApproverRoleType0(StrEnum):
    ADMIN = "admin"
    APPROVER = "approver"

    def __str__(self) -> str:
        return str(self.value)
