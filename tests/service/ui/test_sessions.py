"""Signed session cookies: tampering, expiry, the key kept in the state folder."""

import time
from dataclasses import replace
from pathlib import Path

from henno.service.ui.sessions import Session, SessionCodec, csrf_ok, load_key


def test_a_session_round_trips_and_a_tampered_one_is_refused(tmp_path: Path) -> None:
    codec = SessionCodec(load_key(tmp_path))
    session = Session(authed=True, reviewer="窓口A")
    value = codec.encode(session)
    assert codec.decode(value) == session
    payload, _, signature = value.partition(".")
    forged = SessionCodec(b"another key").encode(session)
    assert codec.decode(forged) is None
    assert codec.decode(payload + "x." + signature) is None
    assert codec.decode("garbage") is None


def test_an_old_session_expires(tmp_path: Path) -> None:
    codec = SessionCodec(load_key(tmp_path), max_age=60)
    old = replace(Session(), issued=int(time.time()) - 61)
    assert codec.decode(codec.encode(old)) is None


def test_the_key_is_created_once_and_private(tmp_path: Path) -> None:
    key = load_key(tmp_path / "state")
    assert load_key(tmp_path / "state") == key
    assert ((tmp_path / "state" / "session.key").stat().st_mode & 0o777) == 0o600


def test_login_gives_new_id_and_csrf_token() -> None:
    before = Session(reviewer="窓口A")
    after = before.logged_in("窓口A")
    assert after.authed and after.sid != before.sid and after.csrf != before.csrf
    assert csrf_ok(after, after.csrf) and not csrf_ok(after, before.csrf)
    assert not csrf_ok(after, "") and not csrf_ok(after, None)
