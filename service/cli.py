"""`commentmod`: serve the API, manage API keys, train, evaluate and re-check."""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Callable, Sequence
from pathlib import Path

import uvicorn
from pydantic import ValidationError

from models import ArtifactError
from service.app import initial_model, intake_config
from service.backup import BackupRefused, backup, restore
from service.bootstrap import bootstrap_keys, create_key, prepare
from service.crypto import EmailVault
from service.demo import cli as demo_cli
from service.domain import Status
from service.errors import StoreUnavailable
from service.keyring import KeyMismatch, open_vault, short
from service.logs import configure_logging
from service.metrics import remove_multiprocess_dir, start_multiprocess_dir
from service.recheck import format_report, recheck
from service.rotation import format_report as format_rotation
from service.rotation import rotate, start_rotation
from service.settings import Settings, UnknownSetting
from service.store import SqlStore
from service.store.records import Role
from training.cli import main as training_main


def _refuse(why: str) -> int:
    print(f"error: commentmod cannot start: {why}", file=sys.stderr)
    return 1


def _announce_key(path: Path, *, shared: bool) -> None:
    if not shared:
        print(f"Created a new email encryption key in {path}; back it up with the database.")
        return
    print("\n".join([
        "!" * 78,
        f"! Created this database's email key in {path}",
        "! EVERY OTHER HOST of this database needs the same key: copy it to each one as",
        "! COMMENTMOD_EMAIL_KEYS (or into its data directory) before starting it. Hosts",
        "! without it refuse to start. Back it up: without it stored emails are lost.",
        "!" * 78,
    ]), file=sys.stderr, flush=True)


class _Refused(Exception):
    """Why serve cannot start, as the one line it prints."""


def _start_checks(store: SqlStore, settings: Settings) -> list[tuple[Role, str]]:
    """Everything serve checks before workers start; returns the API keys created."""
    try:
        # Before anything is written: a host whose email keys do not fit the database's would
        # store rows the other hosts cannot read, and miss their duplicates and floods.
        opened = open_vault(settings, store, create=True)
    except KeyMismatch as exc:
        raise _Refused(str(exc)) from None
    except OSError as exc:
        raise _Refused(f"cannot check the email keys: {exc}") from None
    if opened.created is not None:
        _announce_key(opened.created, shared=not settings.resolved_database_url.startswith("sqlite"))
    try:
        # The model every worker will load, loaded once here first: a missing, corrupt or
        # incompatible artifact is one clear line and exit 1, not a traceback from each worker.
        initial_model(settings, store)
        return bootstrap_keys(store, settings)
    except (ArtifactError, OSError) as exc:
        raise _Refused(f"the model cannot be loaded: {exc}") from None


BOOTSTRAP_KEYS_FILE = "bootstrap-keys.txt"


def _show_bootstrap_keys(created: Sequence[tuple[Role, str]], settings: Settings) -> None:
    """On a terminal the first keys are printed once. Otherwise standard output is likely a log
    (systemd's journal, a container's), which must never hold a key: they go to a file that only
    this user can read, and only its path is printed."""
    lines = ["First start: created these API keys. They are shown once; store them now.",
             *(f"  {role.value:<9} key (site {settings.bootstrap_site!r}): {key}" for role, key in created)]
    if sys.stdout.isatty():
        print("\n".join(lines))
        return
    path = (settings.data_dir / BOOTSTRAP_KEYS_FILE).resolve()
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "w", encoding="utf-8") as out:
        out.write("\n".join(lines) + "\n")
    print(f"First start: created one site and one moderator API key, written to {path} "
          "(readable by this user only) instead of this output, which may be a log: read them, "
          "store them, then delete the file.", flush=True)


def _serve(args: argparse.Namespace, settings: Settings) -> int:
    configure_logging(settings.log_level)
    try:
        store = prepare(settings)
    except StoreUnavailable:
        return _refuse(f"the store cannot be reached ({settings.resolved_database_url.split(':')[0]})")
    except OSError as exc:
        return _refuse(f"cannot prepare the data directory: {exc}")
    try:
        created = _start_checks(store, settings)
    except _Refused as exc:
        return _refuse(str(exc))
    except StoreUnavailable:
        return _refuse("the store cannot be reached")
    finally:
        store.close()
    if created:
        _show_bootstrap_keys(created, settings)
    metrics_dir = start_multiprocess_dir()
    try:
        _run_workers(args, settings)
    finally:
        remove_multiprocess_dir(metrics_dir)
    return 0


def _run_workers(args: argparse.Namespace, settings: Settings) -> None:
    uvicorn.run(
        "service.asgi:app_from_env",
        factory=True,
        host=args.host or settings.host,
        port=args.port or settings.port,
        workers=args.workers or settings.workers,
        log_config=None,
        proxy_headers=False,
        # Idle keep-alive connections close after 5 s, headers must arrive within 20 s
        # (HeaderTimeoutProtocol) and bodies within 30 s (ServiceMiddleware), and one worker
        # holds at most COMMENTMOD_MAX_CONNECTIONS: a slow client holds one connection for a
        # while, never a worker, and many of them cannot exhaust its memory.
        http="service.protocol:HeaderTimeoutProtocol",
        limit_concurrency=settings.max_connections,
        timeout_keep_alive=5,
        timeout_graceful_shutdown=10,
        # A busy machine takes a while to import a fresh worker: a short health check kills
        # workers before they answer, and their replacements too (see the setting).
        timeout_worker_healthcheck=settings.worker_healthcheck_seconds,
    )


def _apikey(args: argparse.Namespace, settings: Settings) -> int:
    store = prepare(settings)
    try:
        if args.action == "create":
            role = Role(args.role or Role.SITE.value)
            if args.akismet and role is not Role.SITE:
                print("error: an Akismet key is a site key", file=sys.stderr)
                return 2
            if role is Role.SITE and not args.site:
                print("error: a site key needs --site", file=sys.stderr)
                return 2
            if not args.role and not args.akismet:
                print("error: --role is required (or --akismet)", file=sys.stderr)
                return 2
            key = create_key(store, site=args.site, role=role, akismet=args.akismet)
            scope = f"site {args.site!r}" if args.site else "all sites"
            print(f"Created a {role.value} key for {scope}. It is shown once:")
            print(key)
        elif args.action == "list":
            for record in store.list_api_keys():
                state = "revoked" if record.revoked_at else "active"
                print(f"{record.id}\t{record.role.value}\t{record.site or '*'}\t"
                      f"{record.prefix}…\t{record.created_at:%Y-%m-%d}\t{state}")
        else:
            if not store.revoke_api_key(args.key_id):
                print(f"error: no active key {args.key_id}", file=sys.stderr)
                return 1
            print(f"revoked key {args.key_id}")
    finally:
        store.close()
    return 0


def _keys(args: argparse.Namespace, settings: Settings) -> int:
    if args.action == "generate":
        print(EmailVault.generate_key())
        return 0
    configure_logging(settings.log_level)
    store = prepare(settings)
    try:
        if args.action == "status":
            for key in store.registered_email_keys():
                role = "look-up" if key.lookup else "       "
                print(f"{short(key.fingerprint)}\t{role}\t{key.added_at:%Y-%m-%d}\t{key.origin}")
            return 0
        vault = start_rotation(settings, store)
        report = rotate(store, vault, batch=args.batch, from_start=args.from_start,
                        after_batch=lambda r: print(f"  through id {r.through}: "
                                                    f"{r.reencrypted} re-encrypted", flush=True))
        print(format_rotation(report))
        return 0
    except KeyMismatch as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    finally:
        store.close()


def _backup(args: argparse.Namespace, settings: Settings) -> int:
    url = settings.resolved_database_url
    try:
        if args.command == "backup":
            pages = backup(url, args.path)
            print(f"backed up {pages} pages to {args.path}; back up the email keys separately "
                  "(COMMENTMOD_EMAIL_KEYS or <data_dir>/email.key)")
        else:
            pages = restore(url, args.path, force=args.force)
            print(f"restored {pages} pages from {args.path}; start the service with the email "
                  "keys of the backup's time")
    except BackupRefused as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    return 0


def _recheck(args: argparse.Namespace, settings: Settings) -> int:
    store = prepare(settings)
    try:
        scorer = initial_model(settings, store)
        statuses = [Status(s) for s in args.status]
        seen, changes = recheck(store, scorer, intake_config(settings), statuses)
    except ArtifactError as exc:
        print(f"error: the model cannot be loaded: {exc}", file=sys.stderr)
        return 1
    finally:
        store.close()
    print(format_report(scorer.version, seen, changes))
    return 0


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="commentmod",
        description="Self-hosted comment moderation. Every option can also be set with a "
        "COMMENTMOD_* environment variable (see the README's settings table).",
    )
    sub = parser.add_subparsers(dest="command", required=True)

    serve = sub.add_parser("serve", help="run the HTTP API")
    serve.add_argument("--host", help="address to listen on (COMMENTMOD_HOST, default 127.0.0.1)")
    serve.add_argument("--port", type=int, help="port to listen on (COMMENTMOD_PORT, default 8000)")
    serve.add_argument("--workers", type=int,
                       help="worker processes (COMMENTMOD_WORKERS, default 1)")

    demo_cli.add_parser(sub)

    apikey = sub.add_parser("apikey", help="create, list and revoke API keys")
    actions = apikey.add_subparsers(dest="action", required=True)
    create = actions.add_parser("create", help="create a key; printed alone on the last line")
    create.add_argument("--site", help="the site the key belongs to (omit for an all-sites "
                        "moderator key)")
    create.add_argument("--role", choices=[r.value for r in Role],
                        help="site: submit and read one site's comments; moderator: review")
    create.add_argument("--akismet", action="store_true",
                        help="a site key in Akismet's format (12 lowercase hex characters), "
                        "for WordPress's Akismet plugin and clients that put the key in the "
                        "host name; implies --role site")
    actions.add_parser("list", help="list keys (prefixes only; keys are stored hashed)")
    revoke = actions.add_parser("revoke", help="revoke a key by its id")
    revoke.add_argument("key_id", type=int, help="the id shown by `apikey list`")

    keys = sub.add_parser("keys", help="email encryption keys: generate, status, rotate")
    key_actions = keys.add_subparsers(dest="action", required=True)
    key_actions.add_parser("generate", help="print a new secret (for COMMENTMOD_EMAIL_KEYS)")
    key_actions.add_parser("status", help="list the fingerprints of the database's email keys")
    rotate_cmd = key_actions.add_parser(
        "rotate", help="record COMMENTMOD_EMAIL_KEYS's first key and re-encrypt every stored email "
        "under it, in batches (resumes after a crash)")
    rotate_cmd.add_argument("--batch", type=int, default=500,
                            help="emails re-encrypted per transaction (default 500)")
    rotate_cmd.add_argument("--from-start", action="store_true",
                            help="check every stored email, not only those after the last run")

    save = sub.add_parser("backup", help="copy the SQLite store to a new file while it serves "
                          "(online backup; PostgreSQL: pg_dump)")
    save.add_argument("path", type=Path, help="the backup file to create")
    load = sub.add_parser("restore", help="copy a backup over the SQLite store (service stopped)")
    load.add_argument("path", type=Path, help="the backup file made by `commentmod backup`")
    load.add_argument("--force", action="store_true", help="replace an existing database")

    check = sub.add_parser("recheck", help="re-score held comments with the current model and "
                           "report what would change (changes nothing)")
    check.add_argument("--status", action="append", choices=["pending", "spam"],
                       help="which held comments to re-score (repeatable; default both)")

    for name, text in (("train", "train a new model version (see `commentmod train --help`)"),
                       ("evaluate", "print the metrics table of a model version"),
                       ("data", "download the public datasets (`commentmod data fetch --dest DIR`)")):
        p = sub.add_parser(name, help=text, add_help=False)
        p.add_argument("rest", nargs=argparse.REMAINDER, help="options of the training CLI")
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args_list = list(sys.argv[1:] if argv is None else argv)
    if args_list and args_list[0] in ("train", "evaluate", "data"):
        return training_main(args_list)
    args = build_parser().parse_args(args_list)
    try:
        settings = Settings.from_environment()
    except (UnknownSetting, ValidationError) as exc:
        print(f"error: invalid configuration:\n{exc}", file=sys.stderr)
        return 2
    if args.command == "recheck":
        args.status = args.status or ["pending", "spam"]
    commands: dict[str, Callable[[argparse.Namespace, Settings], int]] = {
        "serve": _serve, "demo": demo_cli.run, "keys": _keys, "recheck": _recheck,
        "apikey": _apikey, "backup": _backup, "restore": _backup,
    }
    return commands[args.command](args, settings)

