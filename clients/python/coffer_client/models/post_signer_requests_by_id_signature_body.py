from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset







T = TypeVar("T", bound="PostSignerRequestsByIdSignatureBody")



@_attrs_define
class PostSignerRequestsByIdSignatureBody:
    """ 
        Attributes:
            signed_payload (str):
     """

    signed_payload: str





    def to_dict(self) -> dict[str, Any]:
        signed_payload = self.signed_payload


        field_dict: dict[str, Any] = {}

        field_dict.update({
            "signedPayload": signed_payload,
        })

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        signed_payload = d.pop("signedPayload")

        post_signer_requests_by_id_signature_body = cls(
            signed_payload=signed_payload,
        )

        return post_signer_requests_by_id_signature_body

