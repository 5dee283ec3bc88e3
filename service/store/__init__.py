"""The comment store: SQLite or PostgreSQL through SQLAlchemy, migrated by Alembic."""

from service.store.engine import create_engine_for
from service.store.records import ApiKeyRecord, Label, NewComment, Page, Role, StoredComment
from service.store.repository import SqlStore

__all__ = [
    "ApiKeyRecord",
    "Label",
    "NewComment",
    "Page",
    "Role",
    "SqlStore",
    "StoredComment",
    "create_engine_for",
]
