from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from typing import cast

if TYPE_CHECKING:
  from ..models.get_webhooks_deliveries_response_200_pagination import GetWebhooksDeliveriesResponse200Pagination
  from ..models.webhook_delivery import WebhookDelivery





T = TypeVar("T", bound="GetWebhooksDeliveriesResponse200")



@_attrs_define
class GetWebhooksDeliveriesResponse200:
    """ 
        Attributes:
            data (list[WebhookDelivery]):
            pagination (GetWebhooksDeliveriesResponse200Pagination):
     """

    data: list[WebhookDelivery]
    pagination: GetWebhooksDeliveriesResponse200Pagination





    def to_dict(self) -> dict[str, Any]:
        from ..models.get_webhooks_deliveries_response_200_pagination import GetWebhooksDeliveriesResponse200Pagination # noqa: PLC0415
        from ..models.webhook_delivery import WebhookDelivery # noqa: PLC0415
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
        from ..models.get_webhooks_deliveries_response_200_pagination import GetWebhooksDeliveriesResponse200Pagination # noqa: PLC0415
        from ..models.webhook_delivery import WebhookDelivery # noqa: PLC0415
        d = dict(src_dict)
        data = []
        _data = d.pop("data")
        for data_item_data in (_data):
            data_item = WebhookDelivery.from_dict(data_item_data)



            data.append(data_item)


        pagination = GetWebhooksDeliveriesResponse200Pagination.from_dict(d.pop("pagination"))




        get_webhooks_deliveries_response_200 = cls(
            data=data,
            pagination=pagination,
        )

        return get_webhooks_deliveries_response_200

