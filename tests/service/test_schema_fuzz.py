"""Generated requests for every operation of the OpenAPI schema: never a 5xx, and every
response matches the schema (status, content type, body).

schemathesis reads the app's own schema and hypothesis generates bodies, query strings and
uploads from it, valid and not. Bounded: 25 cases per operation (about 250 in all).
"""

from pathlib import Path

import schemathesis
from hypothesis import HealthCheck, given, settings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from henno.service.app import create_app
from tests.service.conftest import make_settings

CHECKS = [not_a_server_error, status_code_conformance, content_type_conformance,
          response_schema_conformance]


def test_no_operation_answers_5xx(service_models: Path) -> None:
    app = create_app(make_settings(service_models))
    service = app.state.service
    service.holder.load_current()  # what the lifespan does when the server starts
    service.batcher.start()
    try:
        schema = schemathesis.openapi.from_asgi("/openapi.json", app)
        operations = [result.ok() for result in schema.get_all_operations()]  # type: ignore[union-attr]
        assert len(operations) >= 9
        for operation in operations:

            @given(case=operation.as_strategy())
            # Derandomized so that CI is repeatable.
            @settings(max_examples=25, deadline=None, database=None, derandomize=True,
                      suppress_health_check=list(HealthCheck))
            def run(case: schemathesis.Case) -> None:  # type: ignore[type-arg]
                case.call_and_validate(checks=CHECKS)

            run()
    finally:
        service.batcher.stop()
