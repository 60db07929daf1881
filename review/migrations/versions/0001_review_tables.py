"""Review items and the append-only history of decisions.

Revision ID: 0001
Revises:
Create Date: 2026-11-28
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0001"
down_revision: str | None = None
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# The schema as of this revision, spelled out: later changes to review/tables.py must not
# change what this migration creates.
_WHEN = sa.DateTime(timezone=True)


def upgrade() -> None:
    op.create_table(
        "review_items",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("text_key", sa.String(64), nullable=False),
        sa.Column("model_label", sa.String(32), nullable=False),
        sa.Column("scores", sa.JSON(), nullable=False),
        sa.Column("confidence", sa.Float(), nullable=False),
        sa.Column("margin", sa.Float(), nullable=False),
        sa.Column("source_file", sa.String(255), nullable=False),
        sa.Column("source_row", sa.Integer(), nullable=False),
        sa.Column("created_at", _WHEN, nullable=False),
        sa.Column("status", sa.String(16), nullable=False),
        sa.Column("claimed_by", sa.String(64), nullable=True),
        sa.Column("claimed_until", _WHEN, nullable=True),
        sa.Column("reviewer_label", sa.String(32), nullable=True),
        sa.Column("reviewed_by", sa.String(64), nullable=True),
        sa.Column("reviewed_at", _WHEN, nullable=True),
        # op.f: the name as written; the metadata's naming convention would prefix it again.
        sa.CheckConstraint("status IN ('pending', 'decided')",
                           name=op.f("ck_review_items_status")),
        sa.PrimaryKeyConstraint("id", name="pk_review_items"),
        # Ids are never reused after a purge, so a late decision cannot land on a new text.
        sqlite_autoincrement=True,
    )
    for columns in (["text_key"], ["margin"], ["created_at"], ["status"]):
        op.create_index(f"ix_review_items_{columns[0]}", "review_items", columns)
    op.create_index("ix_review_items_queue", "review_items",
                    ["status", "margin", "created_at", "id"])
    op.create_table(
        "review_decisions",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("item_id", sa.Integer(), nullable=False),
        sa.Column("reviewer", sa.String(64), nullable=False),
        sa.Column("label", sa.String(32), nullable=False),
        sa.Column("decided_at", _WHEN, nullable=False),
        sa.Column("undone", sa.Boolean(), server_default=sa.false(), nullable=False),
        sa.ForeignKeyConstraint(["item_id"], ["review_items.id"], ondelete="CASCADE",
                                name="fk_review_decisions_item_id_review_items"),
        sa.PrimaryKeyConstraint("id", name="pk_review_decisions"),
        sqlite_autoincrement=True,
    )
    op.create_index("ix_review_decisions_item_id", "review_decisions", ["item_id"])
    op.create_index("ix_review_decisions_reviewer", "review_decisions", ["reviewer"])


def downgrade() -> None:
    op.drop_table("review_decisions")
    op.drop_table("review_items")
