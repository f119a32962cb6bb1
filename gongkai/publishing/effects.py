"""What happens after a publication change commits: the search index, the public
page cache and the outbound webhooks. Called through ``transaction.on_commit`` by
:mod:`gongkai.publishing.actions`, never from signals."""

from __future__ import annotations

from collections.abc import Iterable, Iterator

from gongkai.publishing.models import Document, Status
from gongkai.search import Entry, index_entries, remove_entries


def search_entry(document: Document) -> Entry:
    extra = "\n".join(a.text for a in document.attachments.all())
    if document.published_at is None:
        raise ValueError("only published documents are indexed")
    return Entry(
        key=document.pk,
        title=document.title,
        body=document.body_text,
        extra=extra,
        agency_id=document.agency_id,
        agency_path=document.agency.path,
        column_id=document.column_id,
        theme=document.theme.code if document.theme is not None else "",
        genre=document.genre,
        year=document.formed_on.year,
        validity=document.validity,
        published_at=document.published_at,
    )


def entries(documents: Iterable[Document] | None = None) -> Iterator[Entry]:
    """Search entries of every public document (the rebuild source)."""
    if documents is None:
        documents = (
            Document.objects.public()
            .select_related("agency", "theme")
            .prefetch_related("attachments")
            .iterator(chunk_size=2000)
        )
    for document in documents:
        yield search_entry(document)


def invalidate_public_pages() -> None:
    from gongkai.portal.cache import bump_generation

    bump_generation()


def published(document_pk: int) -> None:
    document = (
        Document.objects.select_related("agency", "theme")
        .prefetch_related("attachments")
        .filter(pk=document_pk)
        .first()
    )
    if document is None:
        return
    if document.status == Status.PUBLISHED and document.is_public:
        index_entries([search_entry(document)])
        from gongkai.publishing.webhooks import enqueue_deliveries

        enqueue_deliveries(document)
    invalidate_public_pages()


def reindexed(document_pk: int) -> None:
    """A published document changed (e.g. its 有效性): refresh index and pages."""
    document = Document.objects.select_related("agency", "theme").filter(pk=document_pk).first()
    if document is not None and document.status == Status.PUBLISHED and document.is_public:
        index_entries([search_entry(document)])
    invalidate_public_pages()


def withdrawn(document_pk: int) -> None:
    remove_entries([document_pk])
    invalidate_public_pages()
