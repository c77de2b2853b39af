from enum import StrEnum

class WalletStatus(StrEnum):
    ACTIVE = "Active"
    PENDINGAPPROVAL = "PendingApproval"

    def __str__(self) -> str:
        return str(self.value)
