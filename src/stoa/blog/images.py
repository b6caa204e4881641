"""What an image uploaded to a post may be, where it is stored, and the type it is served with.

Only JPEG, PNG, WebP and GIF are accepted, recognised by Pillow from the file's content (never its name or the
browser's claimed type), and the stored name takes the extension of the format found, so the type a file is served
with always matches what it is. SVG is refused outright: it is a document that can carry scripts.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import PurePosixPath

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.text import slugify
from PIL import Image, UnidentifiedImageError


@dataclass(frozen=True)
class ImageFormat:
    """An accepted image format: the extension its files are stored under and the type they are served with."""

    extension: str
    content_type: str


FORMATS: dict[str, ImageFormat] = {
    "JPEG": ImageFormat("jpg", "image/jpeg"),
    "PNG": ImageFormat("png", "image/png"),
    "WEBP": ImageFormat("webp", "image/webp"),
    "GIF": ImageFormat("gif", "image/gif"),
}
CONTENT_TYPES = {image_format.extension: image_format.content_type for image_format in FORMATS.values()}
UPLOAD_FOLDER = "post-images"
ACCEPT = ",".join(CONTENT_TYPES.values())  # the file input's ``accept``: a hint to the browser, not a check
_SVG_SUFFIXES = (".svg", ".svgz")


def validate_post_image(file) -> None:
    """The upload is a JPEG, PNG, WebP or GIF within ``STOA_MAX_IMAGE_BYTES``; otherwise say what is wrong."""
    if getattr(file, "_committed", False):
        return  # already stored, so checked when it was uploaded: editing the image's text does not reopen it
    limit = settings.CONFIG.max_image_bytes
    if file.size > limit:
        raise ValidationError(
            f"This image is {_megabytes(file.size)}; images may be at most {_megabytes(limit)}.", code="too_big"
        )
    if _looks_like_svg(file):
        raise ValidationError(
            "SVG images are not accepted (they can carry scripts): upload a JPEG, PNG, WebP or GIF.", code="svg"
        )
    if image_format(file) is None:
        raise ValidationError(
            "This file is not a JPEG, PNG, WebP or GIF image (or it is damaged): upload one of those.", code="type"
        )


def image_format(file) -> ImageFormat | None:
    """The accepted format Pillow finds in ``file``'s content, or ``None``; the file is left at its start."""
    try:
        file.seek(0)
        with Image.open(file) as opened:
            found = opened.format
            opened.verify()  # reads the structure through: a truncated or forged header fails here
    except (UnidentifiedImageError, Image.DecompressionBombError, OSError, SyntaxError, ValueError):
        return None
    finally:
        file.seek(0)
    return FORMATS.get(found or "")


def post_image_path(image, filename: str) -> str:
    """``post-images/YYYY/MM/<name>.<ext>``: the uploader's name made safe, with the extension of the real format."""
    found = image_format(image.file)
    extension = found.extension if found else "bin"  # unreachable past validation; never served as an image
    stem = slugify(PurePosixPath(filename).stem)[:80] or "image"
    return f"{UPLOAD_FOLDER}/{timezone.now():%Y/%m}/{stem}.{extension}"


def content_type_for(name: str) -> str:
    """The type a stored image is served with, from its (normalised) extension; anything else is opaque bytes."""
    return CONTENT_TYPES.get(PurePosixPath(name).suffix.lstrip(".").lower(), "application/octet-stream")


def markdown_for(image) -> str:
    """The Markdown an author pastes into the post's body to show ``image``, with its alt text and caption."""
    alt = image.alt_text.replace("[", "(").replace("]", ")")
    caption = image.caption.replace('"', "'")
    return f'![{alt}]({image.file.url} "{caption}")' if caption else f"![{alt}]({image.file.url})"


def _looks_like_svg(file) -> bool:
    if (getattr(file, "name", "") or "").lower().endswith(_SVG_SUFFIXES):
        return True
    file.seek(0)
    head = file.read(1024)
    file.seek(0)
    text = head.lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    return text.startswith(b"<?xml") or b"<svg" in text


def _megabytes(size: int) -> str:
    return f"{size / 1_048_576:.1f} MB"
