from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from ..models.network_health_node import NetworkHealthNode
from typing import cast






T = TypeVar("T", bound="NetworkHealth")



@_attrs_define
class NetworkHealth:
    """ 
        Attributes:
            name (str):
            node (NetworkHealthNode):
            node_height (int | None):
            scanned_height (int | None):
            lag_blocks (int | None):
     """

    name: str
    node: NetworkHealthNode
    node_height: int | None
    scanned_height: int | None
    lag_blocks: int | None





    def to_dict(self) -> dict[str, Any]:
        name = self.name

        node = self.node.value

        node_height: int | None
        node_height = self.node_height

        scanned_height: int | None
        scanned_height = self.scanned_height

        lag_blocks: int | None
        lag_blocks = self.lag_blocks


        field_dict: dict[str, Any] = {}

        field_dict.update({
            "name": name,
            "node": node,
            "nodeHeight": node_height,
            "scannedHeight": scanned_height,
            "lagBlocks": lag_blocks,
        })

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        name = d.pop("name")

        node = NetworkHealthNode(d.pop("node"))




        def _parse_node_height(data: object) -> int | None:
            if data is None:
                return data
            return cast(int | None, data)

        node_height = _parse_node_height(d.pop("nodeHeight"))


        def _parse_scanned_height(data: object) -> int | None:
            if data is None:
                return data
            return cast(int | None, data)

        scanned_height = _parse_scanned_height(d.pop("scannedHeight"))


        def _parse_lag_blocks(data: object) -> int | None:
            if data is None:
                return data
            return cast(int | None, data)

        lag_blocks = _parse_lag_blocks(d.pop("lagBlocks"))


        network_health = cls(
            name=name,
            node=node,
            node_height=node_height,
            scanned_height=scanned_height,
            lag_blocks=lag_blocks,
        )

        return network_health

