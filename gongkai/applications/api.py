"""JSON API of disclosure on request (filled in by its owner)."""

from ninja import Router

router = Router(tags=["依申请公开"])
