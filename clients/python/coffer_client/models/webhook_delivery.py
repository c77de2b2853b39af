from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from ..models.webhook_delivery_status import WebhookDeliveryStatus
from ..types import UNSET, Unset
from typing import cast
from uuid import UUID
import datetime

if TYPE_CHECKING:
  from ..models.webhook_delivery_attempts_item import WebhookDeliveryAttemptsItem





T = TypeVar("T", bound="WebhookDelivery")



@_attrs_define
class WebhookDelivery:
    """ 
        Attributes:
            id (UUID):
            event_id (UUID):
            event_type (str):
            url (str):
            status (WebhookDeliveryStatus):
            attempt_count (int):
            created_at (datetime.datetime):
            next_attempt_at (datetime.datetime | None | Unset):
            last_status_code (int | None | Unset):
            last_error (None | str | Unset):
            updated_at (datetime.datetime | Unset):
            delivered_at (datetime.datetime | None | Unset):
            attempts (list[WebhookDeliveryAttemptsItem] | Unset):
     """

    id: UUID
    event_id: UUID
    event_type: str
    url: str
    status: WebhookDeliveryStatus
    attempt_count: int
    created_at: datetime.datetime
    next_attempt_at: datetime.datetime | None | Unset = UNSET
    last_status_code: int | None | Unset = UNSET
    last_error: None | str | Unset = UNSET
    updated_at: datetime.datetime | Unset = UNSET
    delivered_at: datetime.datetime | None | Unset = UNSET
    attempts: list[WebhookDeliveryAttemptsItem] | Unset = UNSET





    def to_dict(self) -> dict[str, Any]:
        from ..models.webhook_delivery_attempts_item import WebhookDeliveryAttemptsItem # noqa: PLC0415
        id = str(self.id)

        event_id = str(self.event_id)

        event_type = self.event_type

        url = self.url

        status = self.status.value

        attempt_count = self.attempt_count

        created_at = self.created_at.isoformat()

        next_attempt_at: None | str | Unset
        if isinstance(self.next_attempt_at, Unset):
            next_attempt_at = UNSET
        elif isinstance(self.next_attempt_at, datetime.datetime):
            next_attempt_at = self.next_attempt_at.isoformat()
        else:
            next_attempt_at = self.next_attempt_at

        last_status_code: int | None | Unset
        if isinstance(self.last_status_code, Unset):
            last_status_code = UNSET
        else:
            last_status_code = self.last_status_code

        last_error: None | str | Unset
        if isinstance(self.last_error, Unset):
            last_error = UNSET
        else:
            last_error = self.last_error

        updated_at: str | Unset = UNSET
        if not isinstance(self.updated_at, Unset):
            updated_at = self.updated_at.isoformat()

        delivered_at: None | str | Unset
        if isinstance(self.delivered_at, Unset):
            delivered_at = UNSET
        elif isinstance(self.delivered_at, datetime.datetime):
            delivered_at = self.delivered_at.isoformat()
        else:
            delivered_at = self.delivered_at

        attempts: list[dict[str, Any]] | Unset = UNSET
        if not isinstance(self.attempts, Unset):
            attempts = []
            for attempts_item_data in self.attempts:
                attempts_item = attempts_item_data.to_dict()
                attempts.append(attempts_item)




        field_dict: dict[str, Any] = {}

        field_dict.update({
            "id": id,
            "eventId": event_id,
            "eventType": event_type,
            "url": url,
            "status": status,
            "attemptCount": attempt_count,
            "createdAt": created_at,
        })
        if next_attempt_at is not UNSET:
            field_dict["nextAttemptAt"] = next_attempt_at
        if last_status_code is not UNSET:
            field_dict["lastStatusCode"] = last_status_code
        if last_error is not UNSET:
            field_dict["lastError"] = last_error
        if updated_at is not UNSET:
            field_dict["updatedAt"] = updated_at
        if delivered_at is not UNSET:
            field_dict["deliveredAt"] = delivered_at
        if attempts is not UNSET:
            field_dict["attempts"] = attempts

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.webhook_delivery_attempts_item import WebhookDeliveryAttemptsItem # noqa: PLC0415
        d = dict(src_dict)
        id = UUID(d.pop("id"))




        event_id = UUID(d.pop("eventId"))




        event_type = d.pop("eventType")

        url = d.pop("url")

        status = WebhookDeliveryStatus(d.pop("status"))




        attempt_count = d.pop("attemptCount")

        created_at = datetime.datetime.fromisoformat(d.pop("createdAt"))




        def _parse_next_attempt_at(data: object) -> datetime.datetime | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                next_attempt_at_type_0 = datetime.datetime.fromisoformat(data)



                return next_attempt_at_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.datetime | None | Unset, data)

        next_attempt_at = _parse_next_attempt_at(d.pop("nextAttemptAt", UNSET))


        def _parse_last_status_code(data: object) -> int | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(int | None | Unset, data)

        last_status_code = _parse_last_status_code(d.pop("lastStatusCode", UNSET))


        def _parse_last_error(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        last_error = _parse_last_error(d.pop("lastError", UNSET))


        _updated_at = d.pop("updatedAt", UNSET)
        updated_at: datetime.datetime | Unset
        if isinstance(_updated_at,  Unset):
            updated_at = UNSET
        else:
            updated_at = datetime.datetime.fromisoformat(_updated_at)




        def _parse_delivered_at(data: object) -> datetime.datetime | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                delivered_at_type_0 = datetime.datetime.fromisoformat(data)



                return delivered_at_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.datetime | None | Unset, data)

        delivered_at = _parse_delivered_at(d.pop("deliveredAt", UNSET))


        _attempts = d.pop("attempts", UNSET)
        attempts: list[WebhookDeliveryAttemptsItem] | Unset = UNSET
        if _attempts is not UNSET:
            attempts = []
            for attempts_item_data in _attempts:
                attempts_item = WebhookDeliveryAttemptsItem.from_dict(attempts_item_data)



                attempts.append(attempts_item)


        webhook_delivery = cls(
            id=id,
            event_id=event_id,
            event_type=event_type,
            url=url,
            status=status,
            attempt_count=attempt_count,
            created_at=created_at,
            next_attempt_at=next_attempt_at,
            last_status_code=last_status_code,
            last_error=last_error,
            updated_at=updated_at,
            delivered_at=delivered_at,
            attempts=attempts,
        )

        return webhook_delivery

