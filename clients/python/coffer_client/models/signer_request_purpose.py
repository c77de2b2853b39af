from enum import StrEnum

class SignerRequestPurpose(StrEnum):
    GAS_TOPUP = "gas_topup"
    WITHDRAWAL = "withdrawal"

    def __str__(self) -> str:
        return str(self.value)
