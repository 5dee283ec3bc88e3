"""`commentmod demo`: the service plus the demo blog on one port, on a throw-away store.

The demo never touches the configured database: it keeps its own SQLite file and email key in
`<data dir>/demo/` (or `--data-dir`), makes a fresh site key for the blog and a moderator key
for the console on every start (revoking the previous run's), and prints the moderator key."""

from __future__ import annotations

import argparse
from pathlib import Path

import uvicorn
from pydantic import SecretStr

from service.bootstrap import create_key, prepare
from service.keyring import open_vault
from service.logs import configure_logging
from service.settings import Settings
from service.store.records import Role

DEMO_SITE = "demo"


def add_parser(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    demo = sub.add_parser("demo", help="run the service with a demo blog at /demo/ and the "
                          "moderator console at /console")
    demo.add_argument("--host", help="address to listen on (COMMENTMOD_HOST, default 127.0.0.1)")
    demo.add_argument("--port", type=int, help="port to listen on (COMMENTMOD_PORT, default 8000)")
    demo.add_argument("--data-dir", type=Path,
                      help="directory of the demo's own SQLite store and email key "
                      "(default <COMMENTMOD_DATA_DIR>/demo)")


def demo_settings(settings: Settings, data_dir: Path | None) -> Settings:
    """The configured settings, but on the demo's own SQLite store; models stay shared."""
    return settings.model_copy(update={
        "data_dir": data_dir or settings.data_dir / "demo",
        "database_url": None,
        "model_dir": settings.resolved_model_dir,
        "bootstrap_keys": False,
    })


def fresh_keys(settings: Settings) -> tuple[str, str]:
    """Revoke the demo store's old keys, then create (site key, moderator key)."""
    store = prepare(settings)
    try:
        open_vault(settings, store, create=True)  # the demo store's own key, made on first run
        for record in store.list_api_keys():
            if record.revoked_at is None:
                store.revoke_api_key(record.id)
        return (create_key(store, site=DEMO_SITE, role=Role.SITE),
                create_key(store, site=DEMO_SITE, role=Role.MODERATOR))
    finally:
        store.close()


def run(args: argparse.Namespace, settings: Settings) -> int:
    configure_logging(settings.log_level)
    settings = demo_settings(settings, args.data_dir)
    site_key, moderator_key = fresh_keys(settings)
    host, port = args.host or settings.host, args.port or settings.port
    base = f"http://{host}:{port}"
    print(f"Demo data (SQLite, email key): {settings.data_dir}")
    print(f"Demo blog:          {base}/demo/")
    print(f"Moderator console:  {base}/console   (sign in with the moderator key below)")
    print(f"  site      key (site {DEMO_SITE!r}, used by the blog): {site_key}")
    print(f"  moderator key (site {DEMO_SITE!r}): {moderator_key}", flush=True)
    # Imported here: `commentmod --help` and the other commands should not load the whole app.
    from service.app import create_app  # noqa: PLC0415

    app = create_app(settings.model_copy(update={"demo_site_key": SecretStr(site_key)}))
    uvicorn.run(app, host=host, port=port, log_config=None, proxy_headers=False)
    return 0
