from rest_framework.pagination import PageNumberPagination

from core.pagination import CountCachingPaginator


class ApiPagination(PageNumberPagination):
    """Numbered pages of 50 (up to 200 with ?page_size=); counts are kept until the content changes."""

    page_size = 50
    page_size_query_param = "page_size"
    max_page_size = 200
    django_paginator_class = CountCachingPaginator
