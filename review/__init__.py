"""The review store: predictions flagged for review, clerks' decisions, and their export.

Import from the modules (`henno.review.store`, `henno.review.redaction`): training needs only the
redaction, without loading SQLAlchemy and Alembic.
"""
