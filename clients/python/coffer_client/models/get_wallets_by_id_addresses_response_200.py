from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from typing import cast

if TYPE_CHECKING:
  from ..models.deposit_address import DepositAddress
  from ..models.get_wallets_by_id_addresses_response_200_pagination import GetWalletsByIdAddressesResponse200Pagination





T = TypeVar("T", bound="GetWalletsByIdAddressesResponse200")



@_attrs_define
class GetWalletsByIdAddressesResponse200:
    """ 
        Attributes:
            data (list[DepositAddress]):
            pagination (GetWalletsByIdAddressesResponse200Pagination):
     """

    data: list[DepositAddress]
    pagination: GetWalletsByIdAddressesResponse200Pagination





    def to_dict(self) -> dict[str, Any]:
        from ..models.deposit_address import DepositAddress # noqa: PLC0415
        from ..models.get_wallets_by_id_addresses_response_200_pagination import GetWalletsByIdAddressesResponse200Pagination # noqa: PLC0415
        data = []
        for data_item_data in self.data:
            data_item = data_item_data.to_dict()
            data.append(data_item)



        pagination = self.pagination.to_dict()


        field_dict: dict[str, Any] = {}

        field_dict.update({
            "data": data,
            "pagination": pagination,
        })

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.deposit_address import DepositAddress # noqa: PLC0415
        from ..models.get_wallets_by_id_addresses_response_200_pagination import GetWalletsByIdAddressesResponse200Pagination # noqa: PLC0415
        d = dict(src_dict)
        data = []
        _data = d.pop("data")
        for data_item_data in (_data):
            data_item = DepositAddress.from_dict(data_item_data)



            data.append(data_item)


        pagination = GetWalletsByIdAddressesResponse200Pagination.from_dict(d.pop("pagination"))




        get_wallets_by_id_addresses_response_200 = cls(
            data=data,
            pagination=pagination,
        )

        return get_wallets_by_id_addresses_response_200

