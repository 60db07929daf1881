"""Errors of the review store; all are HennoError, so every edge already reports them."""

from henno.model.errors import HennoError


class ReviewConflict(HennoError):
    """The item is already decided, or another reviewer holds it."""

    code = "review_conflict"


class ReviewItemNotFound(HennoError):
    code = "review_item_not_found"


class ReviewStoreError(HennoError):
    """The review database cannot be opened or refused a statement."""

    code = "review_store"
