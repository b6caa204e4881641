"""Pingback 1.0: the XML-RPC method ``pingback.ping(sourceURI, targetURI)``, received and sent.

Unlike a Webmention, a pingback is answered with its outcome, so the source is verified during the request (with
the same fetcher, limits and SSRF guard) and failures are the spec's fault codes. Requests are parsed with the
standard library's XML-RPC unmarshaller behind defusedxml's parser (no entity expansion, no external entities);
answers are written with ``xmlrpc.client.dumps``.
"""

from __future__ import annotations

import xmlrpc.client
from datetime import datetime
from xml.parsers.expat import ExpatError

from defusedxml.xmlrpc import DefusedExpatParser

from stoa.blog.models import Post
from stoa.discussion.mention_sources import source_entry
from stoa.discussion.models import CommentKind, IncomingMention, MentionStatus
from stoa.discussion.received_mentions import (
    MentionInvalid,
    SourceProblem,
    check_mention,
    linking_page,
    record_checked_mention,
    settle_problem,
    show_mention,
)
from stoa.moderation.decisions import Status

MAX_REQUEST_BYTES = 64 * 1024

# The Pingback 1.0 fault codes (https://www.hixie.ch/specs/pingback/pingback#TOC3).
GENERIC = 0x0000
SOURCE_MISSING = 0x0010
SOURCE_HAS_NO_LINK = 0x0011
TARGET_MISSING = 0x0020
TARGET_NOT_PINGABLE = 0x0021
ALREADY_REGISTERED = 0x0030
ACCESS_DENIED = 0x0031
METHOD_NOT_FOUND = -32601  # XML-RPC's own code (the introspection spec's), for any other method

_INVALID_FAULTS = {
    "closed": ACCESS_DENIED,
    "source": SOURCE_MISSING,
    "target_unknown": TARGET_MISSING,
    "target_not_post": TARGET_NOT_PINGABLE,
}
_PROBLEM_FAULTS = {
    "refused": ACCESS_DENIED,
    "unreachable": SOURCE_MISSING,
    "gone": SOURCE_MISSING,
    "error": SOURCE_MISSING,
    "no_link": SOURCE_HAS_NO_LINK,
}


class PingbackFault(Exception):
    """A pingback not registered, with the fault code the spec gives the reason."""

    def __init__(self, code: int, message: str) -> None:
        super().__init__(message)
        self.code = code
        self.message = message


def parse_call(body: bytes) -> tuple[str, tuple]:
    """The method name and parameters of an XML-RPC call, or ``PingbackFault`` (generic) if it is not one."""
    if len(body) > MAX_REQUEST_BYTES:
        raise PingbackFault(GENERIC, "The request is too large.")
    unmarshaller = xmlrpc.client.Unmarshaller()
    parser = DefusedExpatParser(unmarshaller)
    try:
        parser.feed(body)
        parser.close()
        params = unmarshaller.close()
    except (ExpatError, ValueError, TypeError, IndexError, xmlrpc.client.Error) as error:
        raise PingbackFault(GENERIC, "The request is not a well-formed XML-RPC call.") from error
    return unmarshaller.getmethodname() or "", params


def parse_response(body: bytes) -> tuple:
    """The values of an XML-RPC answer; ``PingbackFault`` if it is a fault (or not an XML-RPC answer at all)."""
    unmarshaller = xmlrpc.client.Unmarshaller()
    parser = DefusedExpatParser(unmarshaller)
    try:
        parser.feed(body)
        parser.close()
        return unmarshaller.close()
    except xmlrpc.client.Fault as fault:
        raise PingbackFault(fault.faultCode, fault.faultString) from fault
    except (ExpatError, ValueError, TypeError, IndexError, xmlrpc.client.Error) as error:
        raise PingbackFault(GENERIC, "The answer is not a well-formed XML-RPC response.") from error


def fault_response(fault: PingbackFault) -> str:
    return xmlrpc.client.dumps(xmlrpc.client.Fault(fault.code, fault.message), methodresponse=True)


def success_response(message: str) -> str:
    return xmlrpc.client.dumps((message,), methodresponse=True)


def receive_pingback(method: str, params: tuple, *, request_host: str, now: datetime) -> str:
    """Register ``pingback.ping(source, target)`` if the source links to our post; the message to answer with."""
    if method != "pingback.ping":
        raise PingbackFault(METHOD_NOT_FOUND, f"No method {method!r}: this server offers pingback.ping.")
    if len(params) != 2 or not all(isinstance(param, str) for param in params):
        raise PingbackFault(GENERIC, "pingback.ping takes two strings: the source URI and the target URI.")
    source, target = params
    try:
        post = check_mention(source, target, request_host=request_host)
        _refuse_if_registered(source, post)
        mention = record_checked_mention(post, source, target, kind=CommentKind.PINGBACK, now=now, claim=True)
    except MentionInvalid as invalid:
        raise PingbackFault(_INVALID_FAULTS[invalid.code], invalid.message) from invalid
    try:
        page = linking_page(mention)
    except SourceProblem as problem:
        settle_problem(mention, problem, now=now)
        raise PingbackFault(_PROBLEM_FAULTS[problem.code], problem.message) from problem
    mention = show_mention(mention, source_entry(page), now=now)
    if mention.status == MentionStatus.REFUSED:
        raise PingbackFault(ACCESS_DENIED, mention.detail)
    return f"Pingback from {source} to {target} registered. Thank you."


def _refuse_if_registered(source: str, post: Post) -> None:
    """The spec's 0x0030: this source already pinged this post and its entry is in the thread (or queue)."""
    known = IncomingMention.objects.filter(source=source.split("#", 1)[0], post=post, comment__isnull=False).first()
    if known is not None and known.comment.status in (Status.PUBLISHED, Status.HELD):
        raise PingbackFault(ALREADY_REGISTERED, "The pingback has already been registered.")
