"""The intake flow, in the one order the design fixes:
request → rules → privacy → model scores (+ language, spans) → decision → (store, done by the caller).

This module only wires the pure modules together; it knows no HTTP and no SQL. The store is
reached through the two callables the caller passes in, so the flow is testable on its own.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime

from models.types import CommentText, Scorer, Scores
from service import privacy, reputation, rules
from service.crypto import EmailVault
from service.domain import FieldError, Reason, ReasonCode, Submission
from service.errors import ModelUnavailable, ValidationFailed
from service.explanations import (
    DEFAULT_INSIGHT,
    InsightConfig,
    language_check,
    supported_languages,
    with_spans,
)
from service.form_signals import too_fast
from service.policy import Decision, Thresholds, decide
from service.reputation import History, ReputationConfig
from service.store.records import NewComment

ParentCheck = Callable[[int, str], bool]
"""(parent_id, post_id) -> whether that parent is a stored comment of the same post and site."""
HistoryLookup = Callable[[Submission, tuple[str, ...], bool], History | None]
"""(cleaned submission, its link domains, whether author counts are needed) -> what the store
remembers (see service.reputation), or None when nothing it touches was ever marked and no
author count is needed (the lookup is skipped)."""


@dataclass(frozen=True, slots=True)
class IntakeConfig:
    rules: rules.RuleConfig
    thresholds: Thresholds
    insight: InsightConfig = DEFAULT_INSIGHT
    reputation: ReputationConfig = field(default_factory=ReputationConfig)
    too_fast_seconds: float = 0.0
    policy_version: int = 0  # the site policy these values come from (0: the settings)


@dataclass(frozen=True, slots=True)
class Assessment:
    """A submission after every check: the public fields as they will be stored, and the verdict."""

    submission: Submission
    scores: Scores
    decision: Decision
    model_version: str
    link_domains: tuple[str, ...] = ()
    policy_version: int = 0


def _validate(sub: Submission, config: IntakeConfig, parent_ok: ParentCheck | None) -> Submission:
    cleaned, errors = rules.validate_submission(sub, config.rules)
    problems: list[FieldError] = list(errors)
    parent = cleaned.parent_id
    if parent is not None and parent_ok is not None and cleaned.post_id and not parent_ok(
        parent, cleaned.post_id
    ):
        problems.append(
            FieldError("parent_id", "invalid_parent", "must be a stored comment of the same post")
        )
    if problems:
        raise ValidationFailed(problems)
    return cleaned


def _redact_public_fields(sub: Submission, config: rules.RuleConfig) -> tuple[Submission, bool]:
    name, in_name = privacy.redact_emails(sub.author_name, max_length=config.max_name_length)
    content, in_content = privacy.redact_emails(sub.content, max_length=config.max_content_length)
    url, in_url = privacy.redact_emails(sub.author_url, max_length=config.max_url_length)
    redacted = replace(sub, author_name=name, content=content, author_url="" if in_url else url)
    return redacted, in_name or in_content or in_url


def scoring_text(sub: Submission) -> CommentText:
    """What the model sees: the original (unredacted) public text, normalized."""
    return CommentText(
        content=rules.normalize_for_scoring(sub.content),
        author_name=rules.normalize_for_scoring(sub.author_name),
        author_url=rules.normalize_for_scoring(sub.author_url),
    )


def score_texts(scorer: Scorer, texts: Sequence[CommentText]) -> list[Scores]:
    """The model boundary: any failure or an out-of-range score is the model's, answered with 503."""
    try:
        scores = scorer.score(texts)
    except Exception as exc:
        raise ModelUnavailable(f"the model failed to score: {type(exc).__name__}") from exc
    for s in scores:
        if not (0.0 <= s.spam <= 1.0 and 0.0 <= s.abuse <= 1.0):
            raise ModelUnavailable("the model returned a score outside [0, 1]")
    return scores


def assess(
    sub: Submission, *, scorer: Scorer, config: IntakeConfig, parent_ok: ParentCheck | None = None,
    history: HistoryLookup | None = None, now: datetime | None = None,
) -> Assessment:
    """Validate, redact, score and decide one comment. Raises ValidationFailed with every field error.
    With `history`, the store's memory of the author, network and domains joins the rule hits."""
    cleaned = _validate(sub, config, parent_ok)
    hits: list[Reason] = list(rules.content_rule_hits(cleaned, config.rules))
    fast = too_fast(cleaned.form_rendered_at, now or datetime.now(UTC), config.too_fast_seconds)
    if fast is not None:
        hits.append(fast)
    public, redacted = _redact_public_fields(cleaned, config.rules)
    if redacted:
        hits.append(Reason(ReasonCode.EMAIL_REDACTED, "an email address in a public field was hidden"))
    text = scoring_text(cleaned)
    scores = score_texts(scorer, [text])[0]
    domains = reputation.link_domains(cleaned.content, cleaned.author_url)
    past = None
    if history is not None:
        past = history(cleaned, domains, reputation.needs_author(scores, config.thresholds,
                                                                 config.reputation))
    if past is not None:
        hits.extend(reputation.hits(past, config.reputation))
    decision = decide(scores, hits, config.thresholds, language_check(scorer, text.content, config.insight))
    if past is not None and reputation.is_trusted(past, config.reputation):
        decision = reputation.trust(decision, scores, tuple(hits), config.thresholds, past)
    # Spans index the content as stored (what every later read shows), after redaction.
    scores = with_spans(scorer, public.content, scores, config.insight)
    return Assessment(public, scores, decision, scorer.version, domains, config.policy_version)


def assess_texts(
    texts: Sequence[CommentText], *, scorer: Scorer, config: IntakeConfig
) -> tuple[list[Scores], list[Decision]]:
    """Batch scoring: the content rules and the policy, nothing stateful, nothing stored."""
    subs = [
        Submission(post_id="-", author_name=t.author_name, author_email="", content=t.content,
                   author_url=t.author_url)
        for t in texts
    ]
    return assess_batch(subs, scorer=scorer, config=config)


def assess_batch(
    subs: Sequence[Submission], *, scorer: Scorer, config: IntakeConfig
) -> tuple[list[Scores], list[Decision]]:
    """Clean, score and decide many submissions at once (batch scoring, re-checks). Spans index
    each submission's content as given."""
    cleaned = [rules.validate_submission(s, config.rules)[0] for s in subs]
    texts = [scoring_text(s) for s in cleaned]
    scores = score_texts(scorer, texts)
    supported = supported_languages(scorer, config.insight)
    decisions = [
        decide(sc, rules.content_rule_hits(s, config.rules), config.thresholds,
               language_check(scorer, t.content, config.insight, supported))
        for s, t, sc in zip(cleaned, texts, scores, strict=True)
    ]
    explained = [
        with_spans(scorer, s.content, sc, config.insight) for s, sc in zip(subs, scores, strict=True)
    ]
    return explained, decisions


def protect(
    assessment: Assessment, *, site: str, author_email: str, user_ip: str, vault: EmailVault
) -> NewComment:
    """The record to store: email encrypted with an HMAC beside it, the IP reduced to an HMAC and
    its network, never stored whole."""
    sub = assessment.submission
    # Anonymous comments (name and email switched off) are told apart by IP for the duplicate and
    # flood checks; with no IP either, each one stands alone.
    lookup = author_email or f"anonymous:{user_ip or uuid.uuid4()}"
    return NewComment(
        site=site,
        post_id=sub.post_id,
        parent_id=sub.parent_id,
        author_name=sub.author_name,
        author_email_encrypted=vault.encrypt(author_email),
        author_email_hmac=vault.email_hmac(lookup),
        author_url=sub.author_url,
        content=sub.content,
        content_hash=vault.content_hash(sub.content),
        ip_hmac=vault.ip_hmac(user_ip) if user_ip else None,
        user_network=privacy.truncate_ip(user_ip),
        user_agent=sub.user_agent[:512],
        referrer=sub.referrer[:2048],
        status=assessment.decision.status,
        spam_score=assessment.scores.spam,
        abuse_score=assessment.scores.abuse,
        reasons=assessment.decision.reasons,
        model_version=assessment.model_version,
        language=assessment.decision.language,
        spans=assessment.scores.spans,
        policy_version=assessment.policy_version,
        link_domains=assessment.link_domains,
    )
