"""Which model version every worker should serve, and which each one does (heartbeats).
Workers share nothing but the database, so a reload is a row here that every worker polls."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

import sqlalchemy as sa

from service.store.base import StoreBase, utc_now
from service.store.db import model_artifacts, model_target, model_workers


@dataclass(frozen=True, slots=True)
class ModelTarget:
    version: str
    forced: bool
    actor: str
    updated_at: datetime


@dataclass(frozen=True, slots=True)
class WorkerModel:
    worker: str
    version: str
    seen_at: datetime


class ModelStateQueries(StoreBase):
    def set_model_target(self, version: str, *, forced: bool, actor: str) -> None:
        values = {"version": version, "forced": forced, "actor": actor, "updated_at": utc_now()}
        with self._tx(write=True) as conn:
            updated = conn.execute(
                model_target.update().where(model_target.c.id == 1).values(values)
            ).rowcount
            if not updated:
                conn.execute(model_target.insert().values(id=1, **values))

    def model_target(self) -> ModelTarget | None:
        with self._tx() as conn:
            row = conn.execute(
                sa.select(model_target).where(model_target.c.id == 1)
            ).mappings().first()
        if row is None:
            return None
        return ModelTarget(row["version"], bool(row["forced"]), row["actor"], row["updated_at"])

    def report_worker_model(self, worker: str, version: str, *, now: datetime | None = None) -> None:
        now = utc_now(now)
        with self._tx(write=True) as conn:
            updated = conn.execute(
                model_workers.update().where(model_workers.c.worker == worker)
                .values(version=version, seen_at=now)
            ).rowcount
            if not updated:
                conn.execute(model_workers.insert().values(worker=worker, version=version, seen_at=now))

    def worker_models(self, *, within: timedelta, now: datetime | None = None) -> list[WorkerModel]:
        """Workers heard from within `within`; older heartbeats are pruned."""
        cutoff = utc_now(now) - within
        with self._tx(write=True) as conn:
            conn.execute(model_workers.delete().where(model_workers.c.seen_at < cutoff))
            rows = conn.execute(
                sa.select(model_workers).order_by(model_workers.c.worker)
            ).mappings().all()
        return [WorkerModel(r["worker"], r["version"], r["seen_at"]) for r in rows]

    def put_model_artifact(self, version: str, sha256: str, archive: bytes) -> bool:
        """Store a version's archive once; False when that version is stored already."""
        with self._tx(write=True) as conn:
            known = conn.scalar(
                sa.select(sa.func.count()).where(model_artifacts.c.version == version)
            )
            if known:
                return False
            conn.execute(model_artifacts.insert().values(
                version=version, sha256=sha256, archive=archive, created_at=utc_now()))
        return True

    def model_artifact(self, version: str) -> tuple[str, bytes] | None:
        """(SHA-256, archive) of a stored version."""
        query = sa.select(model_artifacts.c.sha256, model_artifacts.c.archive).where(
            model_artifacts.c.version == version)
        with self._tx() as conn:
            row = conn.execute(query).first()
        return None if row is None else (str(row[0]), bytes(row[1]))
