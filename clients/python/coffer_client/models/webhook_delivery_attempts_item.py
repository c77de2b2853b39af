from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from typing import cast
import datetime






T = TypeVar("T", bound="WebhookDeliveryAttemptsItem")



@_attrs_define
class WebhookDeliveryAttemptsItem:
    """ 
        Attributes:
            attempted_at (datetime.datetime):
            status_code (int | None):
            error (None | str):
            duration_ms (int):
     """

    attempted_at: datetime.datetime
    status_code: int | None
    error: None | str
    duration_ms: int





    def to_dict(self) -> dict[str, Any]:
        attempted_at = self.attempted_at.isoformat()

        status_code: int | None
        status_code = self.status_code

        error: None | str
        error = self.error

        duration_ms = self.duration_ms


        field_dict: dict[str, Any] = {}

        field_dict.update({
            "attemptedAt": attempted_at,
            "statusCode": status_code,
            "error": error,
            "durationMs": duration_ms,
        })

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        attempted_at = datetime.datetime.fromisoformat(d.pop("attemptedAt"))




        def _parse_status_code(data: object) -> int | None:
            if data is None:
                return data
            return cast(int | None, data)

        status_code = _parse_status_code(d.pop("statusCode"))


        def _parse_error(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        error = _parse_error(d.pop("error"))


        duration_ms = d.pop("durationMs")

        webhook_delivery_attempts_item = cls(
            attempted_at=attempted_at,
            status_code=status_code,
            error=error,
            duration_ms=duration_ms,
        )

        return webhook_delivery_attempts_item

