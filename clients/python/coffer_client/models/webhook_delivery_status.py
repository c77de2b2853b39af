from enum import StrEnum

class WebhookDeliveryStatus(StrEnum):
    DELIVERED = "Delivered"
    FAILED = "Failed"
    PENDING = "Pending"

    def __str__(self) -> str:
        return str(self.value)
