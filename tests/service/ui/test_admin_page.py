"""管理: an admin reads the latest audit entries (JST, Japanese words) and the users and keys;
a clerk sees no tab and gets 403; what users typed is shown as text, never markup."""

import re

import pytest

from henno.accounts import LoginRefused
from henno.audit import AuditAction
from henno.service.audited import Outcome
from henno.service.ui.filters import as_jst
from tests.security.door import ADMIN, CLERK, Door, door

__all__ = ["door"]  # the fixture


def _cells(html: str, section: str) -> list[list[str]]:
    """The text of each body row's cells in the table of `<section id=...>`."""
    part = html.split(f'id="{section}"', 1)[1].split("</section>", 1)[0]
    body = part.split("<tbody>", 1)[1].split("</tbody>", 1)[0] if "<tbody>" in part else ""
    return [[re.sub(r"<[^>]+>", "", cell).strip()
             for cell in re.findall(r"<t[hd][^>]*>(.*?)</t[hd]>", row, re.S)]
            for row in re.findall(r"<tr>(.*?)</tr>", body, re.S)]


def test_admin_reads_the_latest_entries_in_japanese(door: Door) -> None:
    start = as_jst(door.clock.now)  # e.g. 2026年12月2日 18:00
    door.audit.record("key:集計", AuditAction.DOWNLOAD, Outcome.OK,
                      file="窓口_2026年10月.xlsx", rows=120, what="api")
    door.clock.advance(minutes=5)
    later = as_jst(door.clock.now)
    door.audit.record(f"user:{CLERK}", AuditAction.REVIEW_DECISION, Outcome.REFUSED, item_id=7)
    door.log_in(ADMIN)
    page = door.client.get("/admin")
    assert page.status_code == 200
    assert _cells(page.text, "audit") == [
        [later, ADMIN, "ログイン", "", "成功"],
        [later, CLERK, "要確認の判定", "項目: 7", "拒否"],
        [start, "API キー「集計」", "ダウンロード",
         "ファイル: 窓口_2026年10月.xlsx ・ 行数: 120 ・ 内容: API の判定結果", "成功"],
    ]


def test_admin_reads_users_and_keys_and_how_to_change_them(door: Door) -> None:
    door.accounts.set_disabled(CLERK, True)
    door.accounts.revoke_key("集計")
    door.log_in(ADMIN)
    page = door.client.get("/admin").text
    assert [row[:3] for row in _cells(page, "users")] == [
        [CLERK, "職員", "無効"], [ADMIN, "管理者", "有効"], ["高橋次郎", "職員", "有効"]]
    assert [(row[0], row[1], row[3]) for row in _cells(page, "keys")] == [
        ("運用", "管理者", "有効"), ("集計", "職員", f"{as_jst(door.clock.now)} に失効")]
    assert "henno users add 名前 --role clerk" in page
    assert "henno api-keys revoke 名前" in page
    assert "<form" not in page.split('id="audit"', 1)[1]  # read-only: no form but logout's


def test_locked_user_is_shown_locked(door: Door) -> None:
    for n in range(5):
        with pytest.raises(LoginRefused):
            door.accounts.login(CLERK, f"guess-{n:04d}-0000")
    door.log_in(ADMIN)
    rows = _cells(door.client.get("/admin").text, "users")
    assert rows[0][:3] == [CLERK, "職員", "ログイン一時停止中（失敗が続いたため）"]


def test_clerk_sees_no_tab_and_is_refused(door: Door) -> None:
    door.log_in(CLERK)
    home = door.client.get("/").text
    assert 'href="/admin"' not in home
    response = door.client.get("/admin")
    assert response.status_code == 403
    assert "このページは管理者だけが使えます" in response.text
    assert 'id="audit"' not in response.text
    door.client.cookies.clear()
    door.log_in(ADMIN)
    assert 'href="/admin"' in door.client.get("/").text


def test_names_and_file_names_are_text_not_markup(door: Door) -> None:
    door.accounts.add_user("<b>x</b>", door.accounts.users()[0].role, "long-password-0000")
    door.audit.record("user:<img/src=x>", AuditAction.DOWNLOAD, file="<script>x</script>.csv")
    door.log_in(ADMIN)
    page = door.client.get("/admin").text
    assert "<b>x</b>" not in page and "&lt;b&gt;x&lt;/b&gt;" in page
    assert "<img" not in page and "<script>x" not in page


def test_ids_are_shortened_and_a_lock_shows_no_success(door: Door) -> None:
    job = "nGoj5_miT1RlsgMFn1dNYA"
    door.audit.record(f"user:{CLERK}", AuditAction.LOCKED)
    door.audit.record(f"user:{CLERK}", AuditAction.DOWNLOAD, job_id=job, what="report")
    door.log_in(ADMIN)
    page = door.client.get("/admin").text
    assert [row[2:] for row in _cells(page, "audit")[1:]] == [
        ["ダウンロード", "ファイル番号: nGoj5_mi… ・ 内容: レポート", "成功"],
        ["ログインの一時停止", "", "—"],
    ]
    assert f'<span title="{job}">nGoj5_mi…</span>' in page
    assert '<td class="action">ログインの一時停止</td>' in page
