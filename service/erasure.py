"""The commenter's rights, as one use case for every adapter: export everything stored about an
address, and erase it. "Everything": their comments, the decisions on them, the Akismet and
Perspective feedback that holds their name, URL, text or address, and the model versions trained
while that data was stored, which erasure cannot reach (the operator retrains)."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

from models import ArtifactError
from models.artifact import read_card
from models.registry import list_versions
from service.schemas import AuthorErased, AuthorExport, ExportedLabel
from service.state import AppState
from service.views import exported


def models_trained_since(model_dir: Path, first: datetime | None) -> list[str]:
    """Versions whose card says they were made at or after `first` (none when it is None)."""
    if first is None:
        return []
    versions = []
    for folder in list_versions(model_dir):
        try:
            made = datetime.fromisoformat(str(read_card(folder)["created_at"]))
        except (ArtifactError, KeyError, ValueError, OSError):
            versions.append(folder.name)  # unreadable: it may have, so name it
            continue
        if made.tzinfo is None or made >= first:
            versions.append(folder.name)
    return versions


def export_author(state: AppState, email: str, site: str | None) -> AuthorExport:
    hmacs = state.vault.lookup_hmacs(email)
    comments = state.store.comments_by_email(hmacs, site=site)
    feedback = state.store.text_labels_by_author(hmacs, site=site)
    dates = [c.created_at for c in comments] + [label.created_at for label in feedback]
    trained = models_trained_since(state.settings.resolved_model_dir, min(dates, default=None))
    found_in = [name for name, rows in (("comments", comments), ("labels", feedback)) if rows]
    if comments:
        found_in.append("labels (decisions on the comments)")
    return AuthorExport(
        comments=[exported(c, state.vault) for c in comments],
        feedback_labels=[
            ExportedLabel(site=label.site, source=label.source, label=label.label.value,
                          text=label.text, author_name=label.author_name,
                          author_url=label.author_url, created_at=label.created_at)
            for label in feedback
        ],
        found_in=[*found_in, *(f"model {version}" for version in trained)],
        models_trained_with_it=trained,
    )


def erase_author(state: AppState, email: str, site: str | None) -> AuthorErased:
    hmacs = state.vault.lookup_hmacs(email)
    first = [c.created_at for c in state.store.comments_by_email(hmacs, site=site)]
    first += [label.created_at for label in state.store.text_labels_by_author(hmacs, site=site)]
    trained = models_trained_since(state.settings.resolved_model_dir, min(first, default=None))
    return AuthorErased(erased=state.store.erase_author(hmacs, site=site),
                        models_trained_with_it=trained)
