from enum import StrEnum

class PolicyRuleDecision(StrEnum):
    ALLOW = "Allow"
    BLOCK = "Block"
    REQUIREAPPROVALS = "RequireApprovals"

    def __str__(self) -> str:
        return str(self.value)
