"""The values that cross the search interface. Plain dataclasses with no Django imports,
so that indexing worker processes can receive ``Entry`` objects cheaply."""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from typing import Literal

Order = Literal["relevance", "date"]
MAX_LIMIT = 100


@dataclass(frozen=True)
class Entry:
    """One document of the disclosure catalogue as the index sees it."""

    key: int  # the document's primary key
    title: str
    body: str  # plain text (HTML already stripped)
    extra: str  # attachment text
    agency_id: int
    agency_path: str  # "/00000001/00000004/": a subtree is a prefix
    column_id: int | None  # catalogue column (栏目)
    theme: str  # 主题分类 code, "05" or "05.02"
    genre: str  # 体裁 code
    year: int  # year of 成文日期
    validity: str  # "valid" / "expired" / "repealed"
    published_at: datetime.datetime  # aware


@dataclass(frozen=True)
class SearchQuery:
    text: str
    agency_path: str | None = None  # the agency and everything below it
    agency_id: int | None = None  # exactly this agency
    column_id: int | None = None
    theme: str | None = None  # "05" matches "05" and "05.xx"
    genre: str | None = None
    year: int | None = None
    validity: str | None = None
    order: Order = "relevance"
    offset: int = 0
    limit: int = 20


@dataclass
class Hit:
    key: int
    score: float  # higher is more relevant; comparable only within one result page
    title_html: str  # escaped title with <mark> around the query terms
    snippet_html: str  # ~120 escaped characters around the first match
    published_at: datetime.datetime


@dataclass
class SearchPage:
    total: int
    hits: list[Hit]
    terms: list[str]  # the normalised strings that were highlighted
    query: SearchQuery
    suggestion: str = ""  # Chinese advice when nothing was found
