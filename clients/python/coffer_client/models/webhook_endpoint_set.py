from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from ..models.webhook_endpoint_set_subscribed_event_types_type_0_item import WebhookEndpointSetSubscribedEventTypesType0Item
from ..types import UNSET, Unset
from typing import cast






T = TypeVar("T", bound="WebhookEndpointSet")



@_attrs_define
class WebhookEndpointSet:
    """ 
        Attributes:
            url (str):
            subscribed_event_types (list[WebhookEndpointSetSubscribedEventTypesType0Item] | None | Unset):
     """

    url: str
    subscribed_event_types: list[WebhookEndpointSetSubscribedEventTypesType0Item] | None | Unset = UNSET





    def to_dict(self) -> dict[str, Any]:
        url = self.url

        subscribed_event_types: list[str] | None | Unset
        if isinstance(self.subscribed_event_types, Unset):
            subscribed_event_types = UNSET
        elif isinstance(self.subscribed_event_types, list):
            subscribed_event_types = []
            for subscribed_event_types_type_0_item_data in self.subscribed_event_types:
                subscribed_event_types_type_0_item = subscribed_event_types_type_0_item_data.value
                subscribed_event_types.append(subscribed_event_types_type_0_item)


        else:
            subscribed_event_types = self.subscribed_event_types


        field_dict: dict[str, Any] = {}

        field_dict.update({
            "url": url,
        })
        if subscribed_event_types is not UNSET:
            field_dict["subscribedEventTypes"] = subscribed_event_types

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        url = d.pop("url")

        def _parse_subscribed_event_types(data: object) -> list[WebhookEndpointSetSubscribedEventTypesType0Item] | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, list):
                    raise TypeError()
                subscribed_event_types_type_0 = []
                _subscribed_event_types_type_0 = data
                for subscribed_event_types_type_0_item_data in (_subscribed_event_types_type_0):
                    subscribed_event_types_type_0_item = WebhookEndpointSetSubscribedEventTypesType0Item(subscribed_event_types_type_0_item_data)



                    subscribed_event_types_type_0.append(subscribed_event_types_type_0_item)

                return subscribed_event_types_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(list[WebhookEndpointSetSubscribedEventTypesType0Item] | None | Unset, data)

        subscribed_event_types = _parse_subscribed_event_types(d.pop("subscribedEventTypes", UNSET))


        webhook_endpoint_set = cls(
            url=url,
            subscribed_event_types=subscribed_event_types,
        )

        return webhook_endpoint_set

