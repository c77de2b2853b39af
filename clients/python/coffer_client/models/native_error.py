from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from typing import cast

if TYPE_CHECKING:
  from ..models.native_error_errors import NativeErrorErrors





T = TypeVar("T", bound="NativeError")



@_attrs_define
class NativeError:
    """ 
        Attributes:
            status_code (int):
            message (str):
            code (str):
            request_id (str):
            errors (NativeErrorErrors):
     """

    status_code: int
    message: str
    code: str
    request_id: str
    errors: NativeErrorErrors





    def to_dict(self) -> dict[str, Any]:
        from ..models.native_error_errors import NativeErrorErrors # noqa: PLC0415
        status_code = self.status_code

        message = self.message

        code = self.code

        request_id = self.request_id

        errors = self.errors.to_dict()


        field_dict: dict[str, Any] = {}

        field_dict.update({
            "statusCode": status_code,
            "message": message,
            "code": code,
            "requestId": request_id,
            "errors": errors,
        })

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.native_error_errors import NativeErrorErrors # noqa: PLC0415
        d = dict(src_dict)
        status_code = d.pop("statusCode")

        message = d.pop("message")

        code = d.pop("code")

        request_id = d.pop("requestId")

        errors = NativeErrorErrors.from_dict(d.pop("errors"))




        native_error = cls(
            status_code=status_code,
            message=message,
            code=code,
            request_id=request_id,
            errors=errors,
        )

        return native_error

