from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset







T = TypeVar("T", bound="PostSandboxBlocksResponse200")



@_attrs_define
class PostSandboxBlocksResponse200:
    """ 
        Attributes:
            height (int):
     """

    height: int





    def to_dict(self) -> dict[str, Any]:
        height = self.height


        field_dict: dict[str, Any] = {}

        field_dict.update({
            "height": height,
        })

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        height = d.pop("height")

        post_sandbox_blocks_response_200 = cls(
            height=height,
        )

        return post_sandbox_blocks_response_200

