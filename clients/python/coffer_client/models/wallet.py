from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from ..models.wallet_status import WalletStatus
from typing import cast
from uuid import UUID
import datetime

if TYPE_CHECKING:
  from ..models.balance import Balance





T = TypeVar("T", bound="Wallet")



@_attrs_define
class Wallet:
    """ 
        Attributes:
            id (UUID):
            vault_id (UUID):
            asset_id (str):
            asset_name (str):
            asset_symbol (str):
            network (str):
            label (None | str):
            deposit_address (None | str):
            deposit_tag (None | str):
            status (WalletStatus):
            activity_id (None | UUID):
            balance (Balance):
            created_at (datetime.datetime):
            updated_at (datetime.datetime):
     """

    id: UUID
    vault_id: UUID
    asset_id: str
    asset_name: str
    asset_symbol: str
    network: str
    label: None | str
    deposit_address: None | str
    deposit_tag: None | str
    status: WalletStatus
    activity_id: None | UUID
    balance: Balance
    created_at: datetime.datetime
    updated_at: datetime.datetime





    def to_dict(self) -> dict[str, Any]:
        from ..models.balance import Balance # noqa: PLC0415
        id = str(self.id)

        vault_id = str(self.vault_id)

        asset_id = self.asset_id

        asset_name = self.asset_name

        asset_symbol = self.asset_symbol

        network = self.network

        label: None | str
        label = self.label

        deposit_address: None | str
        deposit_address = self.deposit_address

        deposit_tag: None | str
        deposit_tag = self.deposit_tag

        status = self.status.value

        activity_id: None | str
        if isinstance(self.activity_id, UUID):
            activity_id = str(self.activity_id)
        else:
            activity_id = self.activity_id

        balance = self.balance.to_dict()

        created_at = self.created_at.isoformat()

        updated_at = self.updated_at.isoformat()


        field_dict: dict[str, Any] = {}

        field_dict.update({
            "id": id,
            "vaultId": vault_id,
            "assetId": asset_id,
            "assetName": asset_name,
            "assetSymbol": asset_symbol,
            "network": network,
            "label": label,
            "depositAddress": deposit_address,
            "depositTag": deposit_tag,
            "status": status,
            "activityId": activity_id,
            "balance": balance,
            "createdAt": created_at,
            "updatedAt": updated_at,
        })

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.balance import Balance # noqa: PLC0415
        d = dict(src_dict)
        id = UUID(d.pop("id"))




        vault_id = UUID(d.pop("vaultId"))




        asset_id = d.pop("assetId")

        asset_name = d.pop("assetName")

        asset_symbol = d.pop("assetSymbol")

        network = d.pop("network")

        def _parse_label(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        label = _parse_label(d.pop("label"))


        def _parse_deposit_address(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        deposit_address = _parse_deposit_address(d.pop("depositAddress"))


        def _parse_deposit_tag(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        deposit_tag = _parse_deposit_tag(d.pop("depositTag"))


        status = WalletStatus(d.pop("status"))




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


        balance = Balance.from_dict(d.pop("balance"))




        created_at = datetime.datetime.fromisoformat(d.pop("createdAt"))




        updated_at = datetime.datetime.fromisoformat(d.pop("updatedAt"))




        wallet = cls(
            id=id,
            vault_id=vault_id,
            asset_id=asset_id,
            asset_name=asset_name,
            asset_symbol=asset_symbol,
            network=network,
            label=label,
            deposit_address=deposit_address,
            deposit_tag=deposit_tag,
            status=status,
            activity_id=activity_id,
            balance=balance,
            created_at=created_at,
            updated_at=updated_at,
        )

        return wallet

