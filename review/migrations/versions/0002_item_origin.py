"""Where an item comes from: the file's content hash, the row as Excel shows it, every row
of that file with the same text, and an identifying cell (受付番号 or the like).

Revision ID: 0002
Revises: 0001
Create Date: 2026-12-02
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0002"
down_revision: str | None = "0001"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

_ITEMS = sa.table("review_items", sa.column("id", sa.Integer()),
                  sa.column("source_file", sa.String(255)), sa.column("source_row", sa.Integer()))


def upgrade() -> None:
    with op.batch_alter_table("review_items") as batch:
        batch.add_column(sa.Column("file_hash", sa.String(64), nullable=True))
        batch.add_column(sa.Column("same_rows", sa.JSON(), nullable=True))
        batch.add_column(sa.Column("id_column", sa.String(64), nullable=True))
        batch.add_column(sa.Column("record_id", sa.String(64), nullable=True))
        batch.create_index("ix_review_items_file_hash", ["file_hash"])
    # Rows were counted from the first data row, below a header that was always row 1:
    # Excel shows data row n as row n + 1.
    op.execute(_ITEMS.update().values(source_row=_ITEMS.c.source_row + 1))
    _redact_file_names()


def _redact_file_names() -> None:
    """File names were stored verbatim; they may hold a resident's name or number."""
    if op.get_context().as_sql:  # offline SQL: there are no rows to read
        return
    connection = op.get_bind()
    names = connection.execute(sa.select(_ITEMS.c.source_file).distinct()).scalars().all()
    if not names:
        return
    from henno.review.redaction import redact_file_name  # the tokenizer: only when there are rows

    for name in names:
        connection.execute(_ITEMS.update().where(_ITEMS.c.source_file == name).values(
            source_file=redact_file_name(name)[:255]))


def downgrade() -> None:
    op.execute(_ITEMS.update().values(source_row=_ITEMS.c.source_row - 1))
    with op.batch_alter_table("review_items") as batch:
        batch.drop_index("ix_review_items_file_hash")
        batch.drop_column("record_id")
        batch.drop_column("id_column")
        batch.drop_column("same_rows")
        batch.drop_column("file_hash")
