from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from typing import cast






T = TypeVar("T", bound="CoinbaseGetUsersResponse200Pagination")



@_attrs_define
class CoinbaseGetUsersResponse200Pagination:
    """ 
        Attributes:
            before (None | str):
            after (None | str):
     """

    before: None | str
    after: None | str





    def to_dict(self) -> dict[str, Any]:
        before: None | str
        before = self.before

        after: None | str
        after = self.after


        field_dict: dict[str, Any] = {}

        field_dict.update({
            "before": before,
            "after": after,
        })

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        def _parse_before(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        before = _parse_before(d.pop("before"))


        def _parse_after(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        after = _parse_after(d.pop("after"))


        coinbase_get_users_response_200_pagination = cls(
            before=before,
            after=after,
        )

        return coinbase_get_users_response_200_pagination

