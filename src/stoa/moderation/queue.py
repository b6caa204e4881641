"""The moderation queues, each defined once as a predicate on one comment and the query that finds them all.

- pending: held, waiting for a moderator.
- reported: shown or hidden pending review, with open reports.
- flagged: the model's latest scores reach a *flag level* (the hold threshold × ``STOA_FLAG_FACTOR``), whatever
  the comment's status is now: what the model thought borderline, for moderators to sample.
- decided: published, rejected or spam, and the latest decision is a moderator's.
- shields: what a pile-on shield took out of view: held because a shield stood between the writer and the person
  the comment is aimed at ("shield for …"), or published but hidden from readers pending review.

Tests build varied comments and hold each predicate and its query to the same answer. The queries prefetch each
comment's decisions newest first (with the moderator), so ``latest_decision`` and ``latest_model_scores`` cost
no query on their results.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable

from django.conf import settings
from django.db import connection
from django.db.models import Count, Exists, FloatField, OuterRef, Prefetch, Q, QuerySet, Subquery, Sum
from django.db.models.fields.json import KeyTextTransform
from django.db.models.functions import Cast, Coalesce, Greatest

from stoa.detection.results import ATTRIBUTES
from stoa.discussion.models import Comment
from stoa.moderation.decisions import Status
from stoa.moderation.models import ModerationDecision, Report
from stoa.safety.models import AimedComment

SHIELD_REASON = "shield for "  # how the shield phase's reasons begin (``moderation.phases.shields``)
REPORT_OPEN = (Report.State.RECEIVED, Report.State.UNDER_REVIEW)
REPORTABLE_VISIBLE = (Status.PUBLISHED, Status.HELD)
DECIDED_STATUSES = (Status.PUBLISHED, Status.REJECTED, Status.SPAM)
BY_MODERATOR = "moderator"  # ModerationDecision.decided_by of a moderator's decision


def decisions_newest_first() -> Prefetch:
    """Each comment's decisions, newest first, with the moderator: what ``latest_decision`` and friends read."""
    decisions = ModerationDecision.objects.select_related("moderator").order_by("-created_at", "-id")
    return Prefetch("decisions", queryset=decisions)


def latest_decision(comment: Comment) -> ModerationDecision | None:
    return next(iter(comment.decisions.all()), None)


def is_model_scored(decision: ModerationDecision) -> bool:
    """Whether the decision carries the harm model's scores (a moderator's or a gate's decision carries none)."""
    return any(name in decision.scores for name in ATTRIBUTES)


def latest_model_scores(comment: Comment) -> dict[str, float]:
    """The harm model's scores from the newest decision that has them (the text as last scored), else empty."""
    scored = next((d for d in comment.decisions.all() if is_model_scored(d)), None)
    return {name: float(scored.scores[name]) for name in ATTRIBUTES if name in scored.scores} if scored else {}


def _newest_only(decisions: QuerySet[ModerationDecision]) -> QuerySet[ModerationDecision]:
    """Of ``decisions``, each comment's newest (by time, then id: the order ``latest_decision`` reads)."""
    newer = decisions.filter(comment=OuterRef("comment")).filter(
        Q(created_at__gt=OuterRef("created_at")) | Q(created_at=OuterRef("created_at"), pk__gt=OuterRef("pk"))
    )
    return decisions.exclude(Exists(newer))


def _model_scored() -> QuerySet[ModerationDecision]:
    return ModerationDecision.objects.filter(scores__has_any_keys=list(ATTRIBUTES))


def with_top_score(comments: QuerySet[Comment]) -> QuerySet[Comment]:
    """``comments`` with ``top_score``: the highest attribute in their latest model scores (``None`` if unscored)."""
    each = [Coalesce(Cast(KeyTextTransform(name, "scores"), FloatField()), 0.0) for name in ATTRIBUTES]
    newest = _model_scored().filter(comment=OuterRef("pk")).order_by("-created_at", "-id")
    return comments.annotate(top_score=Subquery(newest.annotate(top=Greatest(*each)).values("top")[:1]))


def is_pending(comment: Comment) -> bool:
    """A comment waits for a moderator while it is held."""
    return comment.status == Status.HELD


def pending_comments() -> QuerySet[Comment]:
    """The held comments, newest first, with the post, the author and the decisions fetched up front."""
    return (
        Comment.objects.filter(status=Status.HELD)
        .select_related("author", "thread__post", "in_reply_to")
        .prefetch_related(decisions_newest_first())
        .order_by("-created_at", "-id")
    )


def is_reported(comment: Comment) -> bool:
    """A comment is in the reported queue while it has open reports and is shown or hidden pending review."""
    return comment.status in REPORTABLE_VISIBLE and any(r.status in REPORT_OPEN for r in comment.reports.all())


def reported_comments() -> QuerySet[Comment]:
    """The reported comments, heaviest first, with ``open_count``, ``open_weight``, ``received_count`` (open reports
    nobody started reviewing yet) and ``open_reports`` fetched."""
    is_open = Q(reports__status__in=REPORT_OPEN)
    is_received = Q(reports__status=Report.State.RECEIVED)
    open_reports = Report.objects.filter(status__in=REPORT_OPEN).select_related("reporter")
    has_open = Exists(Report.objects.filter(comment=OuterRef("pk"), status__in=REPORT_OPEN))
    return (
        Comment.objects.filter(has_open, status__in=REPORTABLE_VISIBLE)
        .annotate(
            open_count=Count("reports", filter=is_open),
            open_weight=Sum("reports__weight", filter=is_open),
            received_count=Count("reports", filter=is_received),
        )
        .select_related("author", "thread__post", "in_reply_to")
        .prefetch_related(Prefetch("reports", queryset=open_reports, to_attr="open_reports"), decisions_newest_first())
        .order_by("-open_weight", "-created_at", "-id")
    )


def flag_levels() -> dict[str, float]:
    """Per attribute, the score at which a comment is flagged: the site's hold threshold × ``STOA_FLAG_FACTOR``.

    A post's own hold thresholds do not move the flag levels: the flagged queue is one site-wide sample.
    """
    factor = settings.CONFIG.flag_factor
    return {name: round(threshold * factor, 4) for name, threshold in settings.CONFIG.hold_thresholds.items()}


def is_flagged(comment: Comment) -> bool:
    """The model's latest scores of the comment reach a flag level for at least one attribute."""
    scores = latest_model_scores(comment)
    return any(scores.get(name, 0.0) >= level for name, level in flag_levels().items())


def flagged_comments() -> QuerySet[Comment]:
    """The flagged comments, newest first, whatever their status."""
    reaches = Q()
    for name, level in flag_levels().items():
        reaches |= Q(**{f"scores__{name}__gte": level})
    if not reaches:
        return Comment.objects.none()
    flagging = _newest_only(_model_scored()).filter(reaches)
    return (
        Comment.objects.filter(pk__in=flagging.values("comment_id"))
        .select_related("author", "thread__post", "in_reply_to")
        .prefetch_related(decisions_newest_first())
        .order_by("-created_at", "-id")
    )


def is_decided(comment: Comment) -> bool:
    """A moderator published, rejected or marked it spam, and no later decision (an edit, reports) superseded it."""
    latest = latest_decision(comment)
    return comment.status in DECIDED_STATUSES and latest is not None and latest.decided_by == BY_MODERATOR


def decided_comments() -> QuerySet[Comment]:
    """The decided comments, latest decision first, with ``decided_at`` (when the moderator decided) annotated."""
    by_moderator = _newest_only(ModerationDecision.objects.all()).filter(decided_by=BY_MODERATOR)
    newest = ModerationDecision.objects.filter(comment=OuterRef("pk")).order_by("-created_at", "-id")
    return (
        Comment.objects.filter(status__in=DECIDED_STATUSES, pk__in=by_moderator.values("comment_id"))
        .annotate(decided_at=Subquery(newest.values("created_at")[:1]))
        .select_related("author", "thread__post", "in_reply_to")
        .prefetch_related(decisions_newest_first())
        .order_by("-decided_at", "-id")
    )


def earlier_comments_of(comments: Iterable[Comment], limit: int = 5) -> dict[int, list[Comment]]:
    """For each comment, up to ``limit`` earlier comments by the same author, newest first, keyed by comment id.

    The same author is the same account, or for a guest the same hashed email (a guest without one has no
    history). Two queries for a whole page, whatever its size: the pairs, ranked per comment in SQL, then the
    earlier comments themselves with their posts.
    """
    ids = [comment.pk for comment in comments]
    pairs = _earlier_pairs(ids, limit) if ids else []
    if not pairs:
        return {pk: [] for pk in ids}
    earlier = Comment.objects.select_related("thread__post").in_bulk({earlier_id for _, earlier_id in pairs})
    found: dict[int, list[Comment]] = defaultdict(list)
    for item_id, earlier_id in pairs:
        found[item_id].append(earlier[earlier_id])
    return {pk: found.get(pk, []) for pk in ids}


def earlier_comments(comment: Comment, limit: int = 5) -> list[Comment]:
    """The same author's previous comments, newest first (one comment's share of ``earlier_comments_of``)."""
    return earlier_comments_of([comment], limit)[comment.pk]


def _earlier_pairs(ids: list[int], limit: int) -> list[tuple[int, int]]:
    """(comment id, earlier comment id) pairs, newest first per comment: a top-N-per-group the ORM cannot say.

    Each half of the union joins on an indexed column (``author_id``, ``guest_email_hash``); the window ranks
    each comment's earlier ones, and only the first ``limit`` leave the database. Plain SQL-2003, so SQLite and
    PostgreSQL run the same text; the ids and the limit are parameters, the table name comes from the model.
    """
    table = connection.ops.quote_name(Comment._meta.db_table)
    marks = ", ".join(["%s"] * len(ids))
    sql = f"""
        SELECT item_id, earlier_id FROM (
            SELECT item_id, earlier_id,
                   ROW_NUMBER() OVER (PARTITION BY item_id ORDER BY earlier_at DESC, earlier_id DESC) AS rank_in_item
            FROM (
                SELECT i.id AS item_id, c.id AS earlier_id, c.created_at AS earlier_at
                FROM {table} i JOIN {table} c ON c.author_id = i.author_id
                WHERE i.id IN ({marks}) AND c.created_at < i.created_at
                UNION ALL
                SELECT i.id, c.id, c.created_at
                FROM {table} i JOIN {table} c ON c.guest_email_hash = i.guest_email_hash
                WHERE i.id IN ({marks}) AND i.author_id IS NULL AND i.guest_email_hash <> ''
                  AND c.author_id IS NULL AND c.created_at < i.created_at
            ) AS pairs
        ) AS ranked
        WHERE rank_in_item <= %s
        ORDER BY item_id, rank_in_item
    """  # noqa: S608 - only the quoted table name and placeholders are formatted in; values are parameters
    with connection.cursor() as cursor:
        cursor.execute(sql, [*ids, *ids, limit])
        return [(item_id, earlier_id) for item_id, earlier_id in cursor.fetchall()]


def is_shielded(comment: Comment) -> bool:
    """Held by a shield (a reason of its latest decision), or published and hidden from readers by one."""
    if comment.status == Status.HELD:
        latest = latest_decision(comment)
        return latest is not None and any(reason.startswith(SHIELD_REASON) for reason in latest.reasons)
    return comment.status == Status.PUBLISHED and any(row.collapsed for row in comment.aimed_at.all())


def shielded_comments() -> QuerySet[Comment]:
    """The shields queue, newest first."""
    by_shield = _newest_only(ModerationDecision.objects.all()).filter(reasons__icontains=f'"{SHIELD_REASON}')
    hidden = Exists(AimedComment.objects.filter(comment=OuterRef("pk"), collapsed=True))
    return (
        Comment.objects.filter(
            Q(status=Status.HELD, pk__in=by_shield.values("comment_id")) | Q(hidden, status=Status.PUBLISHED)
        )
        .select_related("author", "thread__post", "in_reply_to")
        .prefetch_related(decisions_newest_first(), "aimed_at")
        .order_by("-created_at", "-id")
    )
