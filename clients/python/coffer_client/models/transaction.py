from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from ..models.transaction_kind import TransactionKind
from ..models.transaction_status import TransactionStatus
from typing import cast
from uuid import UUID
import datetime






T = TypeVar("T", bound="Transaction")



@_attrs_define
class Transaction:
    """ 
        Attributes:
            id (UUID):
            kind (TransactionKind):
            status (TransactionStatus):
            asset_id (str):
            amount (str):
            fee (str):
            vault_id (None | UUID):
            source_wallet_id (None | UUID):
            destination_wallet_id (None | UUID):
            source_address (None | str):
            destination_address (None | str):
            destination_tag (None | str):
            tx_hash (None | str):
            confirmations (int):
            required_confirmations (int):
            note (None | str):
            failure_reason (None | str):
            activity_id (None | UUID):
            created_at (datetime.datetime):
            updated_at (datetime.datetime):
     """

    id: UUID
    kind: TransactionKind
    status: TransactionStatus
    asset_id: str
    amount: str
    fee: str
    vault_id: None | UUID
    source_wallet_id: None | UUID
    destination_wallet_id: None | UUID
    source_address: None | str
    destination_address: None | str
    destination_tag: None | str
    tx_hash: None | str
    confirmations: int
    required_confirmations: int
    note: None | str
    failure_reason: None | str
    activity_id: None | UUID
    created_at: datetime.datetime
    updated_at: datetime.datetime





    def to_dict(self) -> dict[str, Any]:
        id = str(self.id)

        kind = self.kind.value

        status = self.status.value

        asset_id = self.asset_id

        amount = self.amount

        fee = self.fee

        vault_id: None | str
        if isinstance(self.vault_id, UUID):
            vault_id = str(self.vault_id)
        else:
            vault_id = self.vault_id

        source_wallet_id: None | str
        if isinstance(self.source_wallet_id, UUID):
            source_wallet_id = str(self.source_wallet_id)
        else:
            source_wallet_id = self.source_wallet_id

        destination_wallet_id: None | str
        if isinstance(self.destination_wallet_id, UUID):
            destination_wallet_id = str(self.destination_wallet_id)
        else:
            destination_wallet_id = self.destination_wallet_id

        source_address: None | str
        source_address = self.source_address

        destination_address: None | str
        destination_address = self.destination_address

        destination_tag: None | str
        destination_tag = self.destination_tag

        tx_hash: None | str
        tx_hash = self.tx_hash

        confirmations = self.confirmations

        required_confirmations = self.required_confirmations

        note: None | str
        note = self.note

        failure_reason: None | str
        failure_reason = self.failure_reason

        activity_id: None | str
        if isinstance(self.activity_id, UUID):
            activity_id = str(self.activity_id)
        else:
            activity_id = self.activity_id

        created_at = self.created_at.isoformat()

        updated_at = self.updated_at.isoformat()


        field_dict: dict[str, Any] = {}

        field_dict.update({
            "id": id,
            "kind": kind,
            "status": status,
            "assetId": asset_id,
            "amount": amount,
            "fee": fee,
            "vaultId": vault_id,
            "sourceWalletId": source_wallet_id,
            "destinationWalletId": destination_wallet_id,
            "sourceAddress": source_address,
            "destinationAddress": destination_address,
            "destinationTag": destination_tag,
            "txHash": tx_hash,
            "confirmations": confirmations,
            "requiredConfirmations": required_confirmations,
            "note": note,
            "failureReason": failure_reason,
            "activityId": activity_id,
            "createdAt": created_at,
            "updatedAt": updated_at,
        })

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        id = UUID(d.pop("id"))




        kind = TransactionKind(d.pop("kind"))




        status = TransactionStatus(d.pop("status"))




        asset_id = d.pop("assetId")

        amount = d.pop("amount")

        fee = d.pop("fee")

        def _parse_vault_id(data: object) -> None | UUID:
            if data is None:
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                vault_id_type_0 = UUID(data)



                return vault_id_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(None | UUID, data)

        vault_id = _parse_vault_id(d.pop("vaultId"))


        def _parse_source_wallet_id(data: object) -> None | UUID:
            if data is None:
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                source_wallet_id_type_0 = UUID(data)



                return source_wallet_id_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(None | UUID, data)

        source_wallet_id = _parse_source_wallet_id(d.pop("sourceWalletId"))


        def _parse_destination_wallet_id(data: object) -> None | UUID:
            if data is None:
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                destination_wallet_id_type_0 = UUID(data)



                return destination_wallet_id_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(None | UUID, data)

        destination_wallet_id = _parse_destination_wallet_id(d.pop("destinationWalletId"))


        def _parse_source_address(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        source_address = _parse_source_address(d.pop("sourceAddress"))


        def _parse_destination_address(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        destination_address = _parse_destination_address(d.pop("destinationAddress"))


        def _parse_destination_tag(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        destination_tag = _parse_destination_tag(d.pop("destinationTag"))


        def _parse_tx_hash(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        tx_hash = _parse_tx_hash(d.pop("txHash"))


        confirmations = d.pop("confirmations")

        required_confirmations = d.pop("requiredConfirmations")

        def _parse_note(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        note = _parse_note(d.pop("note"))


        def _parse_failure_reason(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        failure_reason = _parse_failure_reason(d.pop("failureReason"))


        def _parse_activity_id(data: object) -> None | UUID:
            if data is None:
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                activity_id_type_0 = UUID(data)



                return activity_id_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(None | UUID, data)

        activity_id = _parse_activity_id(d.pop("activityId"))


        created_at = datetime.datetime.fromisoformat(d.pop("createdAt"))




        updated_at = datetime.datetime.fromisoformat(d.pop("updatedAt"))




        transaction = cls(
            id=id,
            kind=kind,
            status=status,
            asset_id=asset_id,
            amount=amount,
            fee=fee,
            vault_id=vault_id,
            source_wallet_id=source_wallet_id,
            destination_wallet_id=destination_wallet_id,
            source_address=source_address,
            destination_address=destination_address,
            destination_tag=destination_tag,
            tx_hash=tx_hash,
            confirmations=confirmations,
            required_confirmations=required_confirmations,
            note=note,
            failure_reason=failure_reason,
            activity_id=activity_id,
            created_at=created_at,
            updated_at=updated_at,
        )

        return transaction

