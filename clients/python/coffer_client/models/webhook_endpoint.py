from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from ..models.webhook_endpoint_subscribed_event_types_type_0_item import WebhookEndpointSubscribedEventTypesType0Item
from ..types import UNSET, Unset
from typing import cast
import datetime






T = TypeVar("T", bound="WebhookEndpoint")



@_attrs_define
class WebhookEndpoint:
    """ 
        Attributes:
            url (None | str):
            signing_secret (None | str):
            subscribed_event_types (list[WebhookEndpointSubscribedEventTypesType0Item] | None):
            is_configured (bool):
            created_at (datetime.datetime | Unset):
            updated_at (datetime.datetime | Unset):
     """

    url: None | str
    signing_secret: None | str
    subscribed_event_types: list[WebhookEndpointSubscribedEventTypesType0Item] | None
    is_configured: bool
    created_at: datetime.datetime | Unset = UNSET
    updated_at: datetime.datetime | Unset = UNSET





    def to_dict(self) -> dict[str, Any]:
        url: None | str
        url = self.url

        signing_secret: None | str
        signing_secret = self.signing_secret

        subscribed_event_types: list[str] | None
        if isinstance(self.subscribed_event_types, list):
            subscribed_event_types = []
            for subscribed_event_types_type_0_item_data in self.subscribed_event_types:
                subscribed_event_types_type_0_item = subscribed_event_types_type_0_item_data.value
                subscribed_event_types.append(subscribed_event_types_type_0_item)


        else:
            subscribed_event_types = self.subscribed_event_types

        is_configured = self.is_configured

        created_at: str | Unset = UNSET
        if not isinstance(self.created_at, Unset):
            created_at = self.created_at.isoformat()

        updated_at: str | Unset = UNSET
        if not isinstance(self.updated_at, Unset):
            updated_at = self.updated_at.isoformat()


        field_dict: dict[str, Any] = {}

        field_dict.update({
            "url": url,
            "signingSecret": signing_secret,
            "subscribedEventTypes": subscribed_event_types,
            "isConfigured": is_configured,
        })
        if created_at is not UNSET:
            field_dict["createdAt"] = created_at
        if updated_at is not UNSET:
            field_dict["updatedAt"] = updated_at

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        def _parse_url(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        url = _parse_url(d.pop("url"))


        def _parse_signing_secret(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        signing_secret = _parse_signing_secret(d.pop("signingSecret"))


        def _parse_subscribed_event_types(data: object) -> list[WebhookEndpointSubscribedEventTypesType0Item] | None:
            if data is None:
                return data
            try:
                if not isinstance(data, list):
                    raise TypeError()
                subscribed_event_types_type_0 = []
                _subscribed_event_types_type_0 = data
                for subscribed_event_types_type_0_item_data in (_subscribed_event_types_type_0):
                    subscribed_event_types_type_0_item = WebhookEndpointSubscribedEventTypesType0Item(subscribed_event_types_type_0_item_data)



                    subscribed_event_types_type_0.append(subscribed_event_types_type_0_item)

                return subscribed_event_types_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(list[WebhookEndpointSubscribedEventTypesType0Item] | None, data)

        subscribed_event_types = _parse_subscribed_event_types(d.pop("subscribedEventTypes"))


        is_configured = d.pop("isConfigured")

        _created_at = d.pop("createdAt", UNSET)
        created_at: datetime.datetime | Unset
        if isinstance(_created_at,  Unset):
            created_at = UNSET
        else:
            created_at = datetime.datetime.fromisoformat(_created_at)




        _updated_at = d.pop("updatedAt", UNSET)
        updated_at: datetime.datetime | Unset
        if isinstance(_updated_at,  Unset):
            updated_at = UNSET
        else:
            updated_at = datetime.datetime.fromisoformat(_updated_at)




        webhook_endpoint = cls(
            url=url,
            signing_secret=signing_secret,
            subscribed_event_types=subscribed_event_types,
            is_configured=is_configured,
            created_at=created_at,
            updated_at=updated_at,
        )

        return webhook_endpoint

