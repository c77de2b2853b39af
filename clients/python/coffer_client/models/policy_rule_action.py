from enum import StrEnum

class PolicyRuleAction(StrEnum):
    ADDRESS_BOOK_CREATE = "address_book_create"
    WALLET_CREATE = "wallet_create"
    WITHDRAWAL = "withdrawal"

    def __str__(self) -> str:
        return str(self.value)
