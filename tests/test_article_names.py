"""A statute article is found by the law's name as people write it: the short name, the full title
with 中华人民共和国, or either in 《》 — in the view, the chatbot tool and the API alike."""

import pytest
from fastapi.testclient import TestClient

from api.main import create_app
from legalqa.errors import NotFound
from legalqa.tools import call_tool
from legalqa.views import article_view

WRITTEN = ["劳动合同法", "中华人民共和国劳动合同法", "《劳动合同法》", "《中华人民共和国劳动合同法》", " 《劳动合同法》 "]


@pytest.mark.parametrize("law", WRITTEN)
def test_every_way_of_writing_the_law_finds_the_article(mini_service, law):
    assert article_view(mini_service.library, law, 37).id == "article/劳动合同法/37"


def test_the_tool_and_the_api_take_the_full_name(mini_service, mini_settings):
    by_tool = call_tool("get_article", {"law": "《中华人民共和国劳动合同法》", "article": 37}, mini_service, mini_settings)
    assert by_tool["id"] == "article/劳动合同法/37"
    client = TestClient(create_app(mini_settings, mini_service))
    assert client.get("/api/v1/articles/中华人民共和国劳动合同法/37").json() == by_tool


def test_an_unknown_law_and_a_missing_article_are_still_not_found(mini_service):
    with pytest.raises(NotFound, match="法规库中没有「《火星法》」"):
        article_view(mini_service.library, "《火星法》", 1)
    with pytest.raises(NotFound, match="「劳动合同法」没有第9999条"):
        article_view(mini_service.library, "中华人民共和国劳动合同法", 9999)
