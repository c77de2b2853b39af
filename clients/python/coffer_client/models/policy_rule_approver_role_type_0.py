from enum import StrEnum

class PolicyRuleApproverRoleType0(StrEnum):
    ADMIN = "admin"
    APPROVER = "approver"

    def __str__(self) -> str:
        return str(self.value)
