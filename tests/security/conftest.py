"""The service fixtures, shared with the attack tests."""

from tests.service.conftest import client, service_models

__all__ = ["client", "service_models"]
