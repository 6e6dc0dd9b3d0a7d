"""Found by fuzzing (gongkai/web/tests/test_fuzz_forms.py): a look-up code with a "/" made the status
address impossible to build, and the query page answered 500. No code holds one: it is not found."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("code", ["a/b", "<script>alert(1)</script>", "YS2026-ABCD/EFGH"])
def test_a_code_with_a_slash_is_not_found(client, code):
    response = client.get("/yisq/query/", {"code": code})
    assert response.status_code == 404
    assert "页面不存在" in response.content.decode()


def test_an_ordinary_code_goes_to_its_status_page(client):
    response = client.get("/yisq/query/", {"code": " ys2026-abcdefgh "})
    assert response.status_code == 302 and response["Location"] == "/yisq/r/YS2026-ABCDEFGH/"
