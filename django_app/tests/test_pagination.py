"""Framework-only check: the API's page links are the links DRF would write.

StrictPageNumberPagination.page_link() builds them without parsing the URL back, as
DRF's replace_query_param() and remove_query_param() do; the shared suite follows the
links, this pins their spelling to DRF's.
"""

import pytest
from rest_framework.request import Request
from rest_framework.test import APIRequestFactory
from rest_framework.utils.urls import remove_query_param
from rest_framework.utils.urls import replace_query_param

from api.pagination import StrictPageNumberPagination

QUERIES = [
    "",
    "page=3",
    "page_size=2&page=2",
    "q=caf%C3%A9+au+lait&ordering=-price&page=4&min_price=1.50",
    "tag=b&tag=a&page=2&a=1",
    "q=50%25+off&page_size=20",
]


@pytest.mark.parametrize("query", QUERIES)
@pytest.mark.parametrize("number", [1, 2, 7])
def test_page_links_are_written_as_drf_writes_them(query: str, number: int) -> None:
    request = Request(APIRequestFactory().get(f"/api/products/?{query}"))
    pagination = StrictPageNumberPagination()
    pagination.request = request
    url = request.build_absolute_uri()
    if number == 1:
        expected = remove_query_param(url, "page")
    else:
        expected = replace_query_param(url, "page", number)
    assert pagination.page_link(number) == expected
