from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from typing import cast

if TYPE_CHECKING:
  from ..models.audit_record import AuditRecord
  from ..models.get_audit_log_response_200_pagination import GetAuditLogResponse200Pagination





T = TypeVar("T", bound="GetAuditLogResponse200")



@_attrs_define
class GetAuditLogResponse200:
    """ 
        Attributes:
            data (list[AuditRecord]):
            pagination (GetAuditLogResponse200Pagination):
     """

    data: list[AuditRecord]
    pagination: GetAuditLogResponse200Pagination





    def to_dict(self) -> dict[str, Any]:
        from ..models.audit_record import AuditRecord # noqa: PLC0415
        from ..models.get_audit_log_response_200_pagination import GetAuditLogResponse200Pagination # noqa: PLC0415
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
        from ..models.audit_record import AuditRecord # noqa: PLC0415
        from ..models.get_audit_log_response_200_pagination import GetAuditLogResponse200Pagination # noqa: PLC0415
        d = dict(src_dict)
        data = []
        _data = d.pop("data")
        for data_item_data in (_data):
            data_item = AuditRecord.from_dict(data_item_data)



            data.append(data_item)


        pagination = GetAuditLogResponse200Pagination.from_dict(d.pop("pagination"))




        get_audit_log_response_200 = cls(
            data=data,
            pagination=pagination,
        )

        return get_audit_log_response_200

