"""Akismet's account endpoints, which WordPress's plugin and the clients call besides the checks:
`1.1/test` (connectivity), `get-subscription` (the plugin stores a key only once this answers),
`get-stats` (the plugin's stats and its recheck cron), `1.2/key-sites` and `1.2/usage-limit`.
Numbers come from the store (`service.store.akismet_usage`); a key's account is its one site.
"""

from __future__ import annotations

import csv
import io
from datetime import UTC, datetime, timedelta

from fastapi import APIRouter, Response
from fastapi.responses import JSONResponse, PlainTextResponse

from service.deps import StateDep, authenticate
from service.routes.akismet import AkismetInvalid, AkismetRoute, FormDep, checked, form_key
from service.store.akismet_usage import AkismetCounts, month_of
from service.store.records import Role

router = APIRouter(prefix="/1.1", tags=["akismet"], route_class=AkismetRoute)
router_12 = APIRouter(prefix="/1.2", tags=["akismet"], route_class=AkismetRoute)
_INTERVAL_DAYS = {"60-days": 60, "6-months": 183, "90-days": 90}


@router.api_route("/test", methods=["GET", "POST"], response_class=PlainTextResponse)
def connectivity() -> Response:
    """`connected`: what the plugin's settings page fetches to say the servers are reachable."""
    return PlainTextResponse("connected")


@router.post("/get-subscription")
def get_subscription(form: FormDep, state: StateDep) -> Response:
    """The key's account: active as long as the key is (a revoked key is `invalid`)."""
    principal, site = checked(state, form, ("api_key", "blog"))
    return JSONResponse({
        "account_id": principal.key_id, "account_name": site, "account_type": "self-hosted",
        "status": "active", "next_billing_date": None, "limit": None,
    })


def _accuracy(counts: AkismetCounts) -> float:
    """Akismet's figure: the share of checked comments that needed no correction, in percent."""
    checked_total = counts.spam + counts.ham + counts.held
    if checked_total == 0:
        return 100.0
    wrong = min(checked_total, counts.missed_spam + counts.false_positives)
    return round(100.0 * (checked_total - wrong) / checked_total, 2)


@router.post("/get-stats")
def get_stats(form: FormDep, state: StateDep) -> Response:
    """Spam caught, ham, held, missed spam and false positives since `from` (`60-days`,
    `6-months` or `all`, the default), counted by month."""
    _, site = checked(state, form, ("api_key", "blog"))
    interval = form.get("from", "all").strip() or "all"
    if interval != "all" and interval not in _INTERVAL_DAYS:
        raise AkismetInvalid('"from" must be 60-days, 90-days, 6-months or all')
    first = None
    if interval != "all":
        first = month_of(datetime.now(UTC) - timedelta(days=_INTERVAL_DAYS[interval]))
    counts = state.store.akismet_counts(site=site, first_month=first)
    return JSONResponse({
        "spam": counts.spam, "ham": counts.ham, "held": counts.held,
        "missed_spam": counts.missed_spam, "false_positives": counts.false_positives,
        "accuracy": _accuracy(counts), "breakdown": {},
    })


def _key_site(form: dict[str, str], state: StateDep) -> str:
    """Key-only endpoints: the key's site (no `blog` to compare)."""
    if not form_key(form):
        raise AkismetInvalid('Empty "api_key" value')
    principal = authenticate(state, form_key(form))
    if principal.role is not Role.SITE or principal.site is None:
        raise AkismetInvalid("This key is not a site key")
    return principal.site


def _month(form: dict[str, str]) -> str:
    month = form.get("month", "").strip() or month_of(datetime.now(UTC))
    try:
        datetime.strptime(month, "%Y-%m")
    except ValueError:
        raise AkismetInvalid('"month" must be YYYY-MM') from None
    return month


@router_12.api_route("/key-sites", methods=["GET", "POST"])
def key_sites(form: FormDep, state: StateDep) -> Response:
    """The sites using the key in `month` (one: the key's site), as JSON or `format=csv`."""
    site = _key_site(form, state)
    month = _month(form)
    try:
        limit = int(form.get("limit", "500") or 500)
        offset = int(form.get("offset", "0") or 0)
    except ValueError:
        raise AkismetInvalid('"limit" and "offset" must be whole numbers') from None
    counts = state.store.akismet_counts(site=site, first_month=month, last_month=month)
    rows = [] if form.get("filter", "") not in site else [{
        "site": site, "api_calls": str(counts.calls), "spam": str(counts.spam),
        "ham": str(counts.ham), "missed_spam": str(counts.missed_spam),
        "false_positives": str(counts.false_positives), "is_revoked": False,
    }]
    shown = rows[max(offset, 0):max(offset, 0) + max(limit, 0)]
    if form.get("format", "json").strip().lower() == "csv":
        out = io.StringIO()
        out.write(f"Active sites for {form_key(form)} during {month} "
                  f"(limit:{limit}, offset: {offset}, total: {len(rows)})\n")
        writer = csv.writer(out, lineterminator="\n")
        writer.writerow(["Site", "Total API Calls", "Spam", "Ham", "Missed Spam",
                         "False Positives", "Is Revoked"])
        for row in shown:
            writer.writerow([*(row[k] for k in ("site", "api_calls", "spam", "ham",
                                                "missed_spam", "false_positives")), "false"])
        return PlainTextResponse(out.getvalue(), media_type="text/csv")
    return JSONResponse({month: shown, "limit": limit, "offset": offset, "total": len(rows)})


@router_12.api_route("/usage-limit", methods=["GET", "POST"])
def usage_limit(form: FormDep, state: StateDep) -> Response:
    """This month's comment-checks. There is no plan limit (only the per-minute rate limit)."""
    site = _key_site(form, state)
    month = month_of(datetime.now(UTC))
    counts = state.store.akismet_counts(site=site, first_month=month, last_month=month)
    return JSONResponse({"limit": "none", "usage": counts.calls, "percentage": "0.00",
                         "throttled": False})
