"""The service fixtures the audit wiring tests share with the service and attack tests."""

from tests.service.conftest import service_models

__all__ = ["service_models"]
