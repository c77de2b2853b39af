from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from ..models.health_status import HealthStatus
from typing import cast

if TYPE_CHECKING:
  from ..models.network_health import NetworkHealth





T = TypeVar("T", bound="Health")



@_attrs_define
class Health:
    """ 
        Attributes:
            status (HealthStatus):
            database (str):
            writer (str):
            networks (list[NetworkHealth]):
     """

    status: HealthStatus
    database: str
    writer: str
    networks: list[NetworkHealth]





    def to_dict(self) -> dict[str, Any]:
        from ..models.network_health import NetworkHealth # noqa: PLC0415
        status = self.status.value

        database = self.database

        writer = self.writer

        networks = []
        for networks_item_data in self.networks:
            networks_item = networks_item_data.to_dict()
            networks.append(networks_item)




        field_dict: dict[str, Any] = {}

        field_dict.update({
            "status": status,
            "database": database,
            "writer": writer,
            "networks": networks,
        })

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.network_health import NetworkHealth # noqa: PLC0415
        d = dict(src_dict)
        status = HealthStatus(d.pop("status"))




        database = d.pop("database")

        writer = d.pop("writer")

        networks = []
        _networks = d.pop("networks")
        for networks_item_data in (_networks):
            networks_item = NetworkHealth.from_dict(networks_item_data)



            networks.append(networks_item)


        health = cls(
            status=status,
            database=database,
            writer=writer,
            networks=networks,
        )

        return health

