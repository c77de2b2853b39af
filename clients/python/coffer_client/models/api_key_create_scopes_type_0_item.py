from enum import StrEnum

class ApiKeyCreateScopesType0Item(StrEnum):
    ADDRESS_BOOKREAD = "address_book:read"
    ADDRESS_BOOKWRITE = "address_book:write"
    APPROVALSWRITE = "approvals:write"
    ASSETSREAD = "assets:read"
    AUDITREAD = "audit:read"
    SANDBOXWRITE = "sandbox:write"
    SIGNER = "signer"
    TRANSACTIONSREAD = "transactions:read"
    TRANSFERSCREATE = "transfers:create"
    USERSREAD = "users:read"
    USERSWRITE = "users:write"
    VAULTSREAD = "vaults:read"
    VAULTSWRITE = "vaults:write"
    WALLETSCREATE = "wallets:create"
    WALLETSREAD = "wallets:read"
    WEBHOOKSREAD = "webhooks:read"
    WEBHOOKSWRITE = "webhooks:write"
    WITHDRAWALSCREATE = "withdrawals:create"

    def __str__(self) -> str:
        return str(self.value)
