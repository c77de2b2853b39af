""" Contains all the data models used in inputs/outputs """

from .activity import Activity
from .activity_action import ActivityAction
from .activity_approvals_item import ActivityApprovalsItem
from .activity_approvals_item_decision import ActivityApprovalsItemDecision
from .activity_approver_role_type_0 import ActivityApproverRoleType0
from .activity_decision import ActivityDecision
from .activity_initiator import ActivityInitiator
from .activity_initiator_type import ActivityInitiatorType
from .activity_status import ActivityStatus
from .address_book_create import AddressBookCreate
from .address_book_entry import AddressBookEntry
from .address_book_entry_status import AddressBookEntryStatus
from .admin_error import AdminError
from .admin_post_apikey_revoke_body import AdminPostApikeyRevokeBody
from .admin_post_apikey_revoke_response_200 import AdminPostApikeyRevokeResponse200
from .admin_post_subwallet_create_body import AdminPostSubwalletCreateBody
from .admin_post_xpub_set_body import AdminPostXpubSetBody
from .admin_post_xpub_set_response_200 import AdminPostXpubSetResponse200
from .api_key_create import ApiKeyCreate
from .api_key_create_environment_type_0 import ApiKeyCreateEnvironmentType0
from .api_key_create_roles_item import ApiKeyCreateRolesItem
from .api_key_create_scopes_type_0_item import ApiKeyCreateScopesType0Item
from .api_key_created import ApiKeyCreated
from .asset import Asset
from .asset_status import AssetStatus
from .audit_record import AuditRecord
from .audit_record_actor import AuditRecordActor
from .audit_record_actor_type import AuditRecordActorType
from .audit_record_environment_type_0 import AuditRecordEnvironmentType0
from .balance import Balance
from .cb_address import CbAddress
from .cb_address_book_create import CbAddressBookCreate
from .cb_address_book_entry import CbAddressBookEntry
from .cb_address_book_requested import CbAddressBookRequested
from .cb_currency import CbCurrency
from .cb_transaction import CbTransaction
from .cb_transaction_create import CbTransactionCreate
from .cb_transaction_requested import CbTransactionRequested
from .cb_user import CbUser
from .cb_user_role import CbUserRole
from .cb_user_state import CbUserState
from .cb_wallet import CbWallet
from .cb_wallet_create import CbWalletCreate
from .cb_wallet_requested import CbWalletRequested
from .coinbase_error import CoinbaseError
from .coinbase_get_address_book_response_200 import CoinbaseGetAddressBookResponse200
from .coinbase_get_address_book_response_200_pagination import CoinbaseGetAddressBookResponse200Pagination
from .coinbase_get_addresses_response_200 import CoinbaseGetAddressesResponse200
from .coinbase_get_addresses_response_200_pagination import CoinbaseGetAddressesResponse200Pagination
from .coinbase_get_currencies_response_200 import CoinbaseGetCurrenciesResponse200
from .coinbase_get_currencies_response_200_pagination import CoinbaseGetCurrenciesResponse200Pagination
from .coinbase_get_transactions_response_200 import CoinbaseGetTransactionsResponse200
from .coinbase_get_transactions_response_200_pagination import CoinbaseGetTransactionsResponse200Pagination
from .coinbase_get_users_response_200 import CoinbaseGetUsersResponse200
from .coinbase_get_users_response_200_pagination import CoinbaseGetUsersResponse200Pagination
from .coinbase_get_wallets_response_200 import CoinbaseGetWalletsResponse200
from .coinbase_get_wallets_response_200_pagination import CoinbaseGetWalletsResponse200Pagination
from .deposit_address import DepositAddress
from .evm_transaction_fields import EvmTransactionFields
from .get_activities_response_200 import GetActivitiesResponse200
from .get_activities_response_200_pagination import GetActivitiesResponse200Pagination
from .get_address_book_response_200 import GetAddressBookResponse200
from .get_address_book_response_200_pagination import GetAddressBookResponse200Pagination
from .get_assets_response_200 import GetAssetsResponse200
from .get_assets_response_200_pagination import GetAssetsResponse200Pagination
from .get_audit_log_response_200 import GetAuditLogResponse200
from .get_audit_log_response_200_pagination import GetAuditLogResponse200Pagination
from .get_openapi_json_response_200 import GetOpenapiJsonResponse200
from .get_signer_requests_response_200 import GetSignerRequestsResponse200
from .get_signer_requests_response_200_pagination import GetSignerRequestsResponse200Pagination
from .get_transactions_response_200 import GetTransactionsResponse200
from .get_transactions_response_200_pagination import GetTransactionsResponse200Pagination
from .get_users_response_200 import GetUsersResponse200
from .get_users_response_200_pagination import GetUsersResponse200Pagination
from .get_vaults_by_vault_id_wallets_response_200 import GetVaultsByVaultIdWalletsResponse200
from .get_vaults_by_vault_id_wallets_response_200_pagination import GetVaultsByVaultIdWalletsResponse200Pagination
from .get_vaults_response_200 import GetVaultsResponse200
from .get_vaults_response_200_pagination import GetVaultsResponse200Pagination
from .get_wallets_by_id_addresses_response_200 import GetWalletsByIdAddressesResponse200
from .get_wallets_by_id_addresses_response_200_pagination import GetWalletsByIdAddressesResponse200Pagination
from .get_wallets_response_200 import GetWalletsResponse200
from .get_wallets_response_200_pagination import GetWalletsResponse200Pagination
from .get_webhooks_deliveries_response_200 import GetWebhooksDeliveriesResponse200
from .get_webhooks_deliveries_response_200_pagination import GetWebhooksDeliveriesResponse200Pagination
from .health import Health
from .health_status import HealthStatus
from .native_error import NativeError
from .native_error_errors import NativeErrorErrors
from .network_health import NetworkHealth
from .network_health_node import NetworkHealthNode
from .policy import Policy
from .policy_document import PolicyDocument
from .policy_rule import PolicyRule
from .policy_rule_action import PolicyRuleAction
from .policy_rule_approver_role_type_0 import PolicyRuleApproverRoleType0
from .policy_rule_decision import PolicyRuleDecision
from .post_sandbox_blocks_body import PostSandboxBlocksBody
from .post_sandbox_blocks_response_200 import PostSandboxBlocksResponse200
from .post_signer_requests_by_id_signature_body import PostSignerRequestsByIdSignatureBody
from .post_webhooks_outbound_test_response_202 import PostWebhooksOutboundTestResponse202
from .sandbox_deposit import SandboxDeposit
from .signer_request import SignerRequest
from .signer_request_purpose import SignerRequestPurpose
from .subwallet import Subwallet
from .transaction import Transaction
from .transaction_kind import TransactionKind
from .transaction_status import TransactionStatus
from .transfer_create import TransferCreate
from .user import User
from .user_create import UserCreate
from .user_create_role import UserCreateRole
from .user_patch import UserPatch
from .user_patch_role import UserPatchRole
from .user_patch_status import UserPatchStatus
from .user_role import UserRole
from .user_status import UserStatus
from .vault import Vault
from .vault_create import VaultCreate
from .vault_create_metadata_type_0 import VaultCreateMetadataType0
from .vault_metadata import VaultMetadata
from .vault_patch import VaultPatch
from .vault_patch_metadata import VaultPatchMetadata
from .vault_patch_status import VaultPatchStatus
from .vault_status import VaultStatus
from .velocity_limit import VelocityLimit
from .wallet import Wallet
from .wallet_create import WalletCreate
from .wallet_status import WalletStatus
from .webhook_delivery import WebhookDelivery
from .webhook_delivery_attempts_item import WebhookDeliveryAttemptsItem
from .webhook_delivery_status import WebhookDeliveryStatus
from .webhook_endpoint import WebhookEndpoint
from .webhook_endpoint_set import WebhookEndpointSet
from .webhook_endpoint_set_subscribed_event_types_type_0_item import WebhookEndpointSetSubscribedEventTypesType0Item
from .webhook_endpoint_subscribed_event_types_type_0_item import WebhookEndpointSubscribedEventTypesType0Item
from .webhook_event import WebhookEvent
from .webhook_event_data import WebhookEventData
from .webhook_event_environment import WebhookEventEnvironment
from .webhook_event_type import WebhookEventType
from .withdrawal_create import WithdrawalCreate

__all__ = (
    "Activity",
    "ActivityAction",
    "ActivityApprovalsItem",
    "ActivityApprovalsItemDecision",
    "ActivityApproverRoleType0",
    "ActivityDecision",
    "ActivityInitiator",
    "ActivityInitiatorType",
    "ActivityStatus",
    "AddressBookCreate",
    "AddressBookEntry",
    "AddressBookEntryStatus",
    "AdminError",
    "AdminPostApikeyRevokeBody",
    "AdminPostApikeyRevokeResponse200",
    "AdminPostSubwalletCreateBody",
    "AdminPostXpubSetBody",
    "AdminPostXpubSetResponse200",
    "ApiKeyCreate",
    "ApiKeyCreated",
    "ApiKeyCreateEnvironmentType0",
    "ApiKeyCreateRolesItem",
    "ApiKeyCreateScopesType0Item",
    "Asset",
    "AssetStatus",
    "AuditRecord",
    "AuditRecordActor",
    "AuditRecordActorType",
    "AuditRecordEnvironmentType0",
    "Balance",
    "CbAddress",
    "CbAddressBookCreate",
    "CbAddressBookEntry",
    "CbAddressBookRequested",
    "CbCurrency",
    "CbTransaction",
    "CbTransactionCreate",
    "CbTransactionRequested",
    "CbUser",
    "CbUserRole",
    "CbUserState",
    "CbWallet",
    "CbWalletCreate",
    "CbWalletRequested",
    "CoinbaseError",
    "CoinbaseGetAddressBookResponse200",
    "CoinbaseGetAddressBookResponse200Pagination",
    "CoinbaseGetAddressesResponse200",
    "CoinbaseGetAddressesResponse200Pagination",
    "CoinbaseGetCurrenciesResponse200",
    "CoinbaseGetCurrenciesResponse200Pagination",
    "CoinbaseGetTransactionsResponse200",
    "CoinbaseGetTransactionsResponse200Pagination",
    "CoinbaseGetUsersResponse200",
    "CoinbaseGetUsersResponse200Pagination",
    "CoinbaseGetWalletsResponse200",
    "CoinbaseGetWalletsResponse200Pagination",
    "DepositAddress",
    "EvmTransactionFields",
    "GetActivitiesResponse200",
    "GetActivitiesResponse200Pagination",
    "GetAddressBookResponse200",
    "GetAddressBookResponse200Pagination",
    "GetAssetsResponse200",
    "GetAssetsResponse200Pagination",
    "GetAuditLogResponse200",
    "GetAuditLogResponse200Pagination",
    "GetOpenapiJsonResponse200",
    "GetSignerRequestsResponse200",
    "GetSignerRequestsResponse200Pagination",
    "GetTransactionsResponse200",
    "GetTransactionsResponse200Pagination",
    "GetUsersResponse200",
    "GetUsersResponse200Pagination",
    "GetVaultsByVaultIdWalletsResponse200",
    "GetVaultsByVaultIdWalletsResponse200Pagination",
    "GetVaultsResponse200",
    "GetVaultsResponse200Pagination",
    "GetWalletsByIdAddressesResponse200",
    "GetWalletsByIdAddressesResponse200Pagination",
    "GetWalletsResponse200",
    "GetWalletsResponse200Pagination",
    "GetWebhooksDeliveriesResponse200",
    "GetWebhooksDeliveriesResponse200Pagination",
    "Health",
    "HealthStatus",
    "NativeError",
    "NativeErrorErrors",
    "NetworkHealth",
    "NetworkHealthNode",
    "Policy",
    "PolicyDocument",
    "PolicyRule",
    "PolicyRuleAction",
    "PolicyRuleApproverRoleType0",
    "PolicyRuleDecision",
    "PostSandboxBlocksBody",
    "PostSandboxBlocksResponse200",
    "PostSignerRequestsByIdSignatureBody",
    "PostWebhooksOutboundTestResponse202",
    "SandboxDeposit",
    "SignerRequest",
    "SignerRequestPurpose",
    "Subwallet",
    "Transaction",
    "TransactionKind",
    "TransactionStatus",
    "TransferCreate",
    "User",
    "UserCreate",
    "UserCreateRole",
    "UserPatch",
    "UserPatchRole",
    "UserPatchStatus",
    "UserRole",
    "UserStatus",
    "Vault",
    "VaultCreate",
    "VaultCreateMetadataType0",
    "VaultMetadata",
    "VaultPatch",
    "VaultPatchMetadata",
    "VaultPatchStatus",
    "VaultStatus",
    "VelocityLimit",
    "Wallet",
    "WalletCreate",
    "WalletStatus",
    "WebhookDelivery",
    "WebhookDeliveryAttemptsItem",
    "WebhookDeliveryStatus",
    "WebhookEndpoint",
    "WebhookEndpointSet",
    "WebhookEndpointSetSubscribedEventTypesType0Item",
    "WebhookEndpointSubscribedEventTypesType0Item",
    "WebhookEvent",
    "WebhookEventData",
    "WebhookEventEnvironment",
    "WebhookEventType",
    "WithdrawalCreate",
)
