"""Pagination (read by DRF's settings at import: keep this module free of view imports)."""

from rest_framework import pagination


class PageNumberPagination(pagination.PageNumberPagination):
    page_size = 50
    page_size_query_param = "page_size"
    max_page_size = 200


class NewestFirstCursorPagination(pagination.CursorPagination):
    """For large, growing lists: a cursor on the id never slows down on deep pages."""

    page_size = 50
    page_size_query_param = "page_size"
    max_page_size = 200
    ordering = ("-id",)


class RecentFirstCursorPagination(pagination.CursorPagination):
    """For the outreach log (hundreds of thousands of rows): a cursor on when it happened, newest
    first (or the ``ordering`` asked for), read from an index; no count of the whole list."""

    page_size = 50
    page_size_query_param = "page_size"
    max_page_size = 200
    ordering = ("-occurred_at", "-id")


class ByNameCursorPagination(pagination.CursorPagination):
    """For the contacts directory (a hundred thousand people): a cursor in name order (or the
    ``ordering`` asked for), read from ``contact_active_name_idx``; counting the whole directory
    cost more than reading a page."""

    page_size = 50
    page_size_query_param = "page_size"
    max_page_size = 200
    ordering = ("full_name", "id")
