from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from ..models.signer_request_purpose import SignerRequestPurpose
from ..types import UNSET, Unset
from typing import cast
from uuid import UUID
import datetime

if TYPE_CHECKING:
  from ..models.evm_transaction_fields import EvmTransactionFields
  from ..models.transaction import Transaction





T = TypeVar("T", bound="SignerRequest")



@_attrs_define
class SignerRequest:
    """ 
        Attributes:
            id (UUID):
            purpose (SignerRequestPurpose):
            transaction_id (None | UUID):
            asset_id (str):
            network (str):
            unsigned_payload (str):
            transaction (EvmTransactionFields | Transaction):
            created_at (datetime.datetime):
            replaces (None | Unset | UUID):
            chain_id (int | Unset):
            from_ (str | Unset):
            derivation_path (None | str | Unset):
            contract (None | str | Unset):
            decimals (int | Unset):
            amount (str | Unset):
            destination_address (str | Unset):
            status (str | Unset):
            tx_hash (None | str | Unset):
     """

    id: UUID
    purpose: SignerRequestPurpose
    transaction_id: None | UUID
    asset_id: str
    network: str
    unsigned_payload: str
    transaction: EvmTransactionFields | Transaction
    created_at: datetime.datetime
    replaces: None | Unset | UUID = UNSET
    chain_id: int | Unset = UNSET
    from_: str | Unset = UNSET
    derivation_path: None | str | Unset = UNSET
    contract: None | str | Unset = UNSET
    decimals: int | Unset = UNSET
    amount: str | Unset = UNSET
    destination_address: str | Unset = UNSET
    status: str | Unset = UNSET
    tx_hash: None | str | Unset = UNSET





    def to_dict(self) -> dict[str, Any]:
        from ..models.evm_transaction_fields import EvmTransactionFields # noqa: PLC0415
        from ..models.transaction import Transaction # noqa: PLC0415
        id = str(self.id)

        purpose = self.purpose.value

        transaction_id: None | str
        if isinstance(self.transaction_id, UUID):
            transaction_id = str(self.transaction_id)
        else:
            transaction_id = self.transaction_id

        asset_id = self.asset_id

        network = self.network

        unsigned_payload = self.unsigned_payload

        transaction: dict[str, Any]
        if isinstance(self.transaction, Transaction):
            transaction = self.transaction.to_dict()
        else:
            transaction = self.transaction.to_dict()


        created_at = self.created_at.isoformat()

        replaces: None | str | Unset
        if isinstance(self.replaces, Unset):
            replaces = UNSET
        elif isinstance(self.replaces, UUID):
            replaces = str(self.replaces)
        else:
            replaces = self.replaces

        chain_id = self.chain_id

        from_ = self.from_

        derivation_path: None | str | Unset
        if isinstance(self.derivation_path, Unset):
            derivation_path = UNSET
        else:
            derivation_path = self.derivation_path

        contract: None | str | Unset
        if isinstance(self.contract, Unset):
            contract = UNSET
        else:
            contract = self.contract

        decimals = self.decimals

        amount = self.amount

        destination_address = self.destination_address

        status = self.status

        tx_hash: None | str | Unset
        if isinstance(self.tx_hash, Unset):
            tx_hash = UNSET
        else:
            tx_hash = self.tx_hash


        field_dict: dict[str, Any] = {}

        field_dict.update({
            "id": id,
            "purpose": purpose,
            "transactionId": transaction_id,
            "assetId": asset_id,
            "network": network,
            "unsignedPayload": unsigned_payload,
            "transaction": transaction,
            "createdAt": created_at,
        })
        if replaces is not UNSET:
            field_dict["replaces"] = replaces
        if chain_id is not UNSET:
            field_dict["chainId"] = chain_id
        if from_ is not UNSET:
            field_dict["from"] = from_
        if derivation_path is not UNSET:
            field_dict["derivationPath"] = derivation_path
        if contract is not UNSET:
            field_dict["contract"] = contract
        if decimals is not UNSET:
            field_dict["decimals"] = decimals
        if amount is not UNSET:
            field_dict["amount"] = amount
        if destination_address is not UNSET:
            field_dict["destinationAddress"] = destination_address
        if status is not UNSET:
            field_dict["status"] = status
        if tx_hash is not UNSET:
            field_dict["txHash"] = tx_hash

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.evm_transaction_fields import EvmTransactionFields # noqa: PLC0415
        from ..models.transaction import Transaction # noqa: PLC0415
        d = dict(src_dict)
        id = UUID(d.pop("id"))




        purpose = SignerRequestPurpose(d.pop("purpose"))




        def _parse_transaction_id(data: object) -> None | UUID:
            if data is None:
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                transaction_id_type_0 = UUID(data)



                return transaction_id_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(None | UUID, data)

        transaction_id = _parse_transaction_id(d.pop("transactionId"))


        asset_id = d.pop("assetId")

        network = d.pop("network")

        unsigned_payload = d.pop("unsignedPayload")

        def _parse_transaction(data: object) -> EvmTransactionFields | Transaction:
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                transaction_type_0 = Transaction.from_dict(data)



                return transaction_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            if not isinstance(data, dict):
                raise TypeError()
            transaction_type_1 = EvmTransactionFields.from_dict(data)



            return transaction_type_1

        transaction = _parse_transaction(d.pop("transaction"))


        created_at = datetime.datetime.fromisoformat(d.pop("createdAt"))




        def _parse_replaces(data: object) -> None | Unset | UUID:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                replaces_type_0 = UUID(data)



                return replaces_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(None | Unset | UUID, data)

        replaces = _parse_replaces(d.pop("replaces", UNSET))


        chain_id = d.pop("chainId", UNSET)

        from_ = d.pop("from", UNSET)

        def _parse_derivation_path(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        derivation_path = _parse_derivation_path(d.pop("derivationPath", UNSET))


        def _parse_contract(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        contract = _parse_contract(d.pop("contract", UNSET))


        decimals = d.pop("decimals", UNSET)

        amount = d.pop("amount", UNSET)

        destination_address = d.pop("destinationAddress", UNSET)

        status = d.pop("status", UNSET)

        def _parse_tx_hash(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        tx_hash = _parse_tx_hash(d.pop("txHash", UNSET))


        signer_request = cls(
            id=id,
            purpose=purpose,
            transaction_id=transaction_id,
            asset_id=asset_id,
            network=network,
            unsigned_payload=unsigned_payload,
            transaction=transaction,
            created_at=created_at,
            replaces=replaces,
            chain_id=chain_id,
            from_=from_,
            derivation_path=derivation_path,
            contract=contract,
            decimals=decimals,
            amount=amount,
            destination_address=destination_address,
            status=status,
            tx_hash=tx_hash,
        )

        return signer_request

