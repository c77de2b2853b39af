from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from ..models.webhook_event_environment import WebhookEventEnvironment
from ..models.webhook_event_type import WebhookEventType
from typing import cast
from uuid import UUID
import datetime

if TYPE_CHECKING:
  from ..models.webhook_event_data import WebhookEventData





T = TypeVar("T", bound="WebhookEvent")



@_attrs_define
class WebhookEvent:
    """ 
        Attributes:
            id (UUID):
            type_ (WebhookEventType):
            created_at (datetime.datetime):
            environment (WebhookEventEnvironment):
            data (WebhookEventData):
     """

    id: UUID
    type_: WebhookEventType
    created_at: datetime.datetime
    environment: WebhookEventEnvironment
    data: WebhookEventData





    def to_dict(self) -> dict[str, Any]:
        from ..models.webhook_event_data import WebhookEventData # noqa: PLC0415
        id = str(self.id)

        type_ = self.type_.value

        created_at = self.created_at.isoformat()

        environment = self.environment.value

        data = self.data.to_dict()


        field_dict: dict[str, Any] = {}

        field_dict.update({
            "id": id,
            "type": type_,
            "createdAt": created_at,
            "environment": environment,
            "data": data,
        })

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.webhook_event_data import WebhookEventData # noqa: PLC0415
        d = dict(src_dict)
        id = UUID(d.pop("id"))




        type_ = WebhookEventType(d.pop("type"))




        created_at = datetime.datetime.fromisoformat(d.pop("createdAt"))




        environment = WebhookEventEnvironment(d.pop("environment"))




        data = WebhookEventData.from_dict(d.pop("data"))




        webhook_event = cls(
            id=id,
            type_=type_,
            created_at=created_at,
            environment=environment,
            data=data,
        )

        return webhook_event

