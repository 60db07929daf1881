"""Upgrading henno: a review database created by the first migration, opened by today's
code, keeps its items and decisions and is migrated to the newest schema."""

from pathlib import Path

from alembic.script import ScriptDirectory
from sqlalchemy import text

from henno.review.db import alembic_config, make_engine, upgrade
from henno.review.store import ReviewStore

ITEMS = """INSERT INTO review_items (id, text, text_key, model_label, scores, confidence,
    margin, source_file, source_row, created_at, status, reviewed_by, reviewer_label,
    reviewed_at) VALUES
    (1, '転居のため返納します', :key1, 'relocation', '{"relocation": 0.6, "other": 0.4}', 0.6,
     0.2, 'forms.csv', 2, '2026-01-05 09:00:00.000000', 'decided', '佐藤花子', 'relocation',
     '2026-01-05 10:00:00.000000'),
    (2, '不祥事が続くので', :key2, 'scandal', '{"scandal": 0.5, "system_distrust": 0.45}', 0.5,
     0.05, 'forms.csv', 3, '2026-01-05 09:00:00.000000', 'pending', NULL, NULL, NULL)"""
DECISIONS = """INSERT INTO review_decisions (id, item_id, reviewer, label, decided_at, undone)
    VALUES (1, 1, '佐藤花子', 'relocation', '2026-01-05 10:00:00.000000', 0)"""


def first_revision(url: str) -> str:
    base = ScriptDirectory.from_config(alembic_config(url)).get_base()
    assert isinstance(base, str)
    return base


def test_a_database_from_the_first_release_keeps_its_data(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'henno.db'}"
    upgrade(url, first_revision(url))
    engine = make_engine(url)
    with engine.begin() as connection:
        connection.execute(text(ITEMS), {"key1": "a" * 64, "key2": "b" * 64})
        connection.execute(text(DECISIONS))
    engine.dispose()

    with ReviewStore.open(url) as store:
        assert (store.counts().pending, store.counts().decided) == (1, 1)
        assert store.reviewed_labels() == [("転居のため返納します", "relocation")]
        pending = store.get(2)
        assert pending is not None
        assert (pending.text, pending.model_label, pending.source_row) == (
            "不祥事が続くので", "scandal", 4)  # migration 0002: the row as Excel shows it
    head = ScriptDirectory.from_config(alembic_config(url)).get_current_head()
    engine = make_engine(url)
    with engine.connect() as connection:
        assert connection.execute(text("SELECT version_num FROM alembic_version")).scalar() == head
    engine.dispose()
