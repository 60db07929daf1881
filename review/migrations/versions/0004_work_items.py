"""Background work in the database (henno.work): one row per file job or retraining, with
its status, progress, owner and the lease of the worker running it.

Revision ID: 0004_work_items
Revises: 0003_accounts_audit
Create Date: 2026-12-02
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0004_work_items"
down_revision: str | None = "0003_accounts_audit"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# The schema as of this revision, spelled out: later changes to work/tables.py must not
# change what this migration creates.
_WHEN = sa.DateTime(timezone=True)
# At most one retraining queued or running, whichever worker or host asked for it.
_ONE_RETRAIN = sa.text("kind = 'retrain' AND status IN ('queued', 'running')")


def upgrade() -> None:
    op.create_table(
        "work_items",
        sa.Column("id", sa.String(32), nullable=False),
        sa.Column("kind", sa.String(16), nullable=False),
        sa.Column("owner", sa.String(160), nullable=False),
        sa.Column("status", sa.String(16), nullable=False),
        sa.Column("params", sa.JSON(), nullable=False),
        sa.Column("result", sa.JSON(), nullable=False),
        sa.Column("rows_done", sa.Integer(), nullable=False),
        sa.Column("interruptions", sa.Integer(), nullable=False),
        sa.Column("fraction", sa.Float(), nullable=True),
        sa.Column("error_code", sa.String(32), nullable=True),
        sa.Column("claimed_by", sa.String(160), nullable=True),
        sa.Column("lease_until", _WHEN, nullable=True),
        sa.Column("created_at", _WHEN, nullable=False),
        sa.Column("updated_at", _WHEN, nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_work_items"),
    )
    op.create_index("ix_work_items_queue", "work_items", ["status", "kind", "created_at"])
    op.create_index("ix_work_items_owner", "work_items", ["owner", "kind"])
    op.create_index("ix_work_items_one_retrain", "work_items", ["kind"], unique=True,
                    sqlite_where=_ONE_RETRAIN, postgresql_where=_ONE_RETRAIN)


def downgrade() -> None:
    op.drop_index("ix_work_items_one_retrain", table_name="work_items")
    op.drop_index("ix_work_items_owner", table_name="work_items")
    op.drop_index("ix_work_items_queue", table_name="work_items")
    op.drop_table("work_items")
