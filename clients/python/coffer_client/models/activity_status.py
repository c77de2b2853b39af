from enum import StrEnum

class ActivityStatus(StrEnum):
    APPROVED = "Approved"
    EXPIRED = "Expired"
    PENDING = "Pending"
    REJECTED = "Rejected"

    def __str__(self) -> str:
        return str(self.value)
