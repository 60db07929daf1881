import pytest

from henno.accounts import OPEN, Principal, Role


@pytest.mark.parametrize(("role", "needed", "allowed"), [
    (Role.CLERK, Role.CLERK, True),
    (Role.CLERK, Role.ADMIN, False),
    (Role.ADMIN, Role.CLERK, True),
    (Role.ADMIN, Role.ADMIN, True),
])
def test_allows_follows_the_role(role: Role, needed: Role, allowed: bool) -> None:
    assert Principal(kind="user", name="sato", role=role).allows(needed) is allowed


@pytest.mark.parametrize(("principal", "actor"), [
    (Principal(kind="user", name="sato.hanako", role=Role.CLERK), "user:sato.hanako"),
    (Principal(kind="key", name="nightly-batch", role=Role.ADMIN), "key:nightly-batch"),
    (OPEN, "open"),
])
def test_actor_names_the_kind_and_the_name(principal: Principal, actor: str) -> None:
    assert principal.actor == actor


def test_open_is_an_admin_without_a_name() -> None:
    assert (OPEN.kind, OPEN.name, OPEN.role) == ("open", "", Role.ADMIN)
    assert OPEN.allows(Role.ADMIN)
