"""The spam and abuse classifier: pipeline, artifact format and loader."""

from models.artifact import ArtifactError
from models.registry import (
    DEFAULT_MODEL_PATH,
    LoadedModel,
    list_versions,
    load,
    load_latest,
    load_version,
)
from models.types import CommentText, Scorer, Scores

__all__ = [
    "DEFAULT_MODEL_PATH",
    "ArtifactError",
    "CommentText",
    "LoadedModel",
    "Scorer",
    "Scores",
    "list_versions",
    "load",
    "load_latest",
    "load_version",
]
