from enum import StrEnum

class TransactionStatus(StrEnum):
    BROADCASTING = "Broadcasting"
    CANCELLED = "Cancelled"
    COMPLETED = "Completed"
    CONFIRMING = "Confirming"
    FAILED = "Failed"
    PENDINGAPPROVAL = "PendingApproval"
    PENDINGSIGNATURE = "PendingSignature"
    REJECTED = "Rejected"
    SUBMITTED = "Submitted"

    def __str__(self) -> str:
        return str(self.value)
