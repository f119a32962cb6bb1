from ninja import Router, Schema

from gongkai.agencies.models import Agency
from gongkai.agencies.querysets import in_tree_order

router = Router(tags=["机构"])


class ReadingPointOut(Schema):
    name: str
    address: str
    hours: str
    phone: str


class AgencyOut(Schema):
    id: int
    slug: str
    name: str
    short_name: str
    kind: str
    code: str
    parent_id: int | None
    office_name: str
    office_address: str
    office_hours: str
    office_phone: str
    office_fax: str
    office_email: str
    reading_points: list[ReadingPointOut]


@router.get("/", response=list[AgencyOut], summary="公开的机构目录")
def list_agencies(request):  # type: ignore[no-untyped-def]
    return in_tree_order(Agency.objects.active().prefetch_related("reading_points"))
