"""The review store: predictions flagged for review, clerks' decisions, and their export.

Import from the modules (`review.store`, `review.redaction`): training needs only the
redaction, without loading SQLAlchemy and Alembic.
"""
