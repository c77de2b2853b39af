from enum import StrEnum

class TransactionKind(StrEnum):
    DEPOSIT = "Deposit"
    TRANSFER = "Transfer"
    WITHDRAWAL = "Withdrawal"

    def __str__(self) -> str:
        return str(self.value)
