from enum import StrEnum

class WebhookEndpointSubscribedEventTypesType0Item(StrEnum):
    ACTIVITY_APPROVED = "activity.approved"
    ACTIVITY_CREATED = "activity.created"
    ACTIVITY_DECIDED = "activity.decided"
    ACTIVITY_REJECTED = "activity.rejected"
    ADDRESS_BOOK_CREATED = "address_book.created"
    ADDRESS_BOOK_DELETED = "address_book.deleted"
    ADDRESS_BOOK_UPDATED = "address_book.updated"
    BALANCE_UPDATED = "balance.updated"
    TRANSACTION_CREATED = "transaction.created"
    TRANSACTION_STATUS_UPDATED = "transaction.status.updated"
    VAULT_STATUS_UPDATED = "vault.status.updated"
    WALLET_CREATED = "wallet.created"
    WEBHOOK_TEST = "webhook.test"

    def __str__(self) -> str:
        return str(self.value)
