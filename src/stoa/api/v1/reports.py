"""``/api/v1/reports``: report a published comment or post (as the caller's member), and follow a report by its
receipt. As on the site, the receipt shows the report's status and never who decided it."""

from django.http import HttpRequest
from ninja import Router, Status

from stoa.api.models import Scope
from stoa.api.v1.auth import caller_of, needs
from stoa.api.v1.posts import find_published_post
from stoa.api.v1.problems import ApiProblem
from stoa.api.v1.schemas import ReportIn, ReportOut, answers
from stoa.discussion.models import Comment
from stoa.moderation.decisions import Status as CommentStatus
from stoa.moderation.models import Report
from stoa.moderation.reports import file_post_report, file_report

router = Router(tags=["reports"])


def report_data(report: Report) -> dict:
    return {
        "receipt": report.receipt,
        "status": report.status,
        "status_label": report.get_status_display(),
        "subject": "comment" if report.comment_id else "post",
        "created_at": report.created_at,
        "decided_at": report.decided_at,
    }


@router.post("/reports", response=answers(ReportOut, 404, 409, statuses=(201,)), auth=needs(Scope.COMMENT))
def create_report(request: HttpRequest, payload: ReportIn):
    """Report a published comment or post; keep the receipt to follow it."""
    reporter = caller_of(request).acting_member("file reports")
    fields = {"reporter": reporter, "category": payload.category, "text": payload.text}
    if payload.comment is not None:
        comment = Comment.objects.filter(pk=payload.comment, status=CommentStatus.PUBLISHED).first()
        if comment is None:
            raise ApiProblem("not-found", f"There is no published comment with id {payload.comment} to report.")
        report = file_report(comment, **fields)
    else:
        report = file_post_report(find_published_post(payload.post), **fields)
    return Status(201, report_data(report))


@router.get("/reports/{receipt}", response=answers(ReportOut, 404), auth=needs(Scope.READ))
def get_report(request: HttpRequest, receipt: str):
    """A report's status, for whoever holds its receipt (R-XXXX-XXXX)."""
    report = Report.objects.filter(receipt=receipt.strip().upper()).first()
    if report is None:
        raise ApiProblem("not-found", f"There is no report with receipt {receipt!r}.")
    return report_data(report)
