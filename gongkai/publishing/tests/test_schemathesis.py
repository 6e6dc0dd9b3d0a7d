"""Schemathesis against the live OpenAPI schema of the open-data endpoints, in-process over WSGI.

Bounded: 25 generated examples per GET operation; every response must be free of server errors and
conform to the schema (status code documented, body valid, content type).
"""

import pytest
import schemathesis
from hypothesis import HealthCheck, given, settings

from gongkai.config.wsgi import application

pytestmark = pytest.mark.django_db

OPEN_DATA = r"^/api/v1/(items|columns|topics|agencies|ledger)"
EXAMPLES = 25


def test_open_data_api_conforms_to_its_schema(publish, wsgi_keeps_test_connection):
    publish(title="关于农业项目的通知")
    schema = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", application)
    operations = [result.ok() for result in schema.include(path_regex=OPEN_DATA).get_all_operations()]
    assert len(operations) >= 8

    for operation in operations:

        @given(case=operation.as_strategy())
        @settings(max_examples=EXAMPLES, deadline=None, database=None, suppress_health_check=list(HealthCheck))
        def check(case):
            case.call_and_validate()

        check()
