from enum import StrEnum

class ActivityAction(StrEnum):
    ADDRESS_BOOK_CREATE = "address_book_create"
    POLICY_CHANGE = "policy_change"
    USER_CHANGE = "user_change"
    WALLET_CREATE = "wallet_create"
    WITHDRAWAL = "withdrawal"

    def __str__(self) -> str:
        return str(self.value)
