"""What an image uploaded to a post may be, where it is stored, and the type it is served with.

Only JPEG, PNG, WebP and GIF are accepted, recognised by Pillow from the file's content (never its name or the
browser's claimed type), and the stored name takes the extension of the format found, so the type a file is served
with always matches what it is. SVG is refused outright: it is a document that can carry scripts.

Every upload is re-encoded before it is stored (``strip_metadata``), so what readers download carries no metadata
from the camera or the editing software: no EXIF (GPS position, device, time, owner or artist), no XMP, no IPTC, no
JPEG or GIF comments, no PNG text chunks, no WebP EXIF/XMP chunks, no extra MPO pictures and nothing appended after
the image. The EXIF orientation is applied to the pixels first, so photos are not shown on their side. The format is
kept, animations (GIF, WebP, APNG) keep their frames, timings and looping, and the ICC colour profile is kept: it
says which colours the numbers mean (phones tag photos as Display P3, which would look washed out as sRGB), not who,
where or when.
"""

from __future__ import annotations

import io
import struct
from dataclasses import dataclass
from pathlib import PurePosixPath

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db.models.fields.files import FieldFile
from django.utils import timezone
from django.utils.text import slugify
from PIL import ExifTags, Image, ImageOps, JpegImagePlugin, UnidentifiedImageError


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
# A phone's JPEG with a depth map or an HDR gain map opens as MPO (several pictures in one file): it is a JPEG, and
# only its first picture, the photo itself, is kept.
_SAME_AS = {"MPO": "JPEG"}
JPEG_QUALITY = 90
WEBP_QUALITY = 90
# Frames are decoded in full to be re-encoded: past this many pixels, all frames together, an animation is refused
# rather than stored with its metadata or without its animation (about 200 MB of memory at four bytes a pixel).
MAX_ANIMATION_PIXELS = 50_000_000
_ORIENTATION_TRANSPOSE = {  # the EXIF orientation and what puts the pixels upright (as ``ImageOps.exif_transpose``)
    2: Image.Transpose.FLIP_LEFT_RIGHT,
    3: Image.Transpose.ROTATE_180,
    4: Image.Transpose.FLIP_TOP_BOTTOM,
    5: Image.Transpose.TRANSPOSE,
    6: Image.Transpose.ROTATE_270,
    7: Image.Transpose.TRANSVERSE,
    8: Image.Transpose.ROTATE_90,
}
_DECODING_ERRORS = (OSError, SyntaxError, ValueError, EOFError, struct.error, Image.DecompressionBombError)


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
    strip_metadata(file)  # decodes it in full, so a file that only looks like an image is refused here, not on save


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
    return FORMATS.get(_SAME_AS.get(found or "", found or ""))


def post_image_path(image, filename: str) -> str:
    """``post-images/YYYY/MM/<name>.<ext>``: the uploader's name made safe, with the extension of the real format.

    Django asks for the name of a new file just before writing it, whichever way the image was saved (the admin, a
    service, a script that skipped validation), so this is also where its metadata is stripped if validation has
    not done it already: nothing reaches the storage with its metadata. A file that cannot be re-encoded is refused
    (``ValidationError``) rather than stored as uploaded.
    """
    strip_metadata(image.file)
    found = image_format(image.file)
    extension = found.extension if found else "bin"  # unreachable past validation; never served as an image
    stem = slugify(PurePosixPath(filename).stem)[:80] or "image"
    return f"{UPLOAD_FOLDER}/{timezone.now():%Y/%m}/{stem}.{extension}"


def strip_metadata(file) -> None:
    """Replace the upload's content by a re-encoded copy without metadata (``clean_image_bytes``); once per upload.

    ``file`` is an uploaded file or the ``FieldFile`` holding one; a stored file (already stripped) is left alone.
    The upload's content and ``size`` are replaced (``_replace_content``), so the storage writes the clean copy.
    Raises ``ValidationError`` if the image cannot be decoded and re-encoded.
    """
    if getattr(file, "_committed", False):
        return
    upload = file.file if isinstance(file, FieldFile) else file
    if getattr(upload, "_stoa_metadata_stripped", False):
        return  # validation did it: a second pass would only lose JPEG quality
    upload.seek(0)
    cleaned = clean_image_bytes(upload.read())
    _replace_content(upload, cleaned)
    upload._stoa_metadata_stripped = True


def clean_image_bytes(data: bytes) -> bytes:
    """The image in ``data`` re-encoded in its own format with no metadata, upright, animation and ICC profile kept.

    Only the pixels (every frame's, with its duration), transparency, the loop count and the ICC profile are carried
    over; everything else Pillow read is dropped and nothing is written that was not asked for. JPEG is re-encoded at
    quality 90 with the original's chroma subsampling; WebP stays lossless if it was, else quality 90; PNG and GIF
    are lossless (a GIF frame with more than 256 colours after compositing is quantised again).
    """
    try:
        with Image.open(io.BytesIO(data)) as original:
            kind = _SAME_AS.get(original.format or "", original.format)
            if kind not in FORMATS:
                raise ValidationError(
                    "This file is not a JPEG, PNG, WebP or GIF image: upload one of those.", code="type"
                )
            output = io.BytesIO()
            params = _encoder_params(kind, original, data)
            frames = 1 if kind == "JPEG" else getattr(original, "n_frames", 1)
            if frames == 1:
                upright = ImageOps.exif_transpose(original)
                upright.info = _kept_info(upright.info)
                upright.save(output, format=kind, **params)
            else:
                _save_animation(original, kind, frames, output, params)
    except _DECODING_ERRORS as error:
        raise ValidationError(
            "This image could not be read in full (it may be damaged or truncated): upload it again or export it "
            "anew from your editor.",
            code="damaged",
        ) from error
    return output.getvalue()


def _encoder_params(kind: str, original: Image.Image, data: bytes) -> dict:
    params: dict = {}
    if icc_profile := original.info.get("icc_profile"):
        params["icc_profile"] = icc_profile
    if kind == "JPEG":
        params["quality"] = JPEG_QUALITY
        if isinstance(original, JpegImagePlugin.JpegImageFile):
            sampling = JpegImagePlugin.get_sampling(original)
            if sampling >= 0:  # keep 4:4:4 (sharp text in screenshots) or 4:2:0 as the camera chose
                params["subsampling"] = sampling
        if original.info.get("progressive"):
            params["progressive"] = True
    elif kind == "WEBP":
        params["lossless"] = _webp_is_lossless(data)
        params["quality"] = WEBP_QUALITY
    return params


def _save_animation(original: Image.Image, kind: str, frames: int, output: io.BytesIO, params: dict) -> None:
    """Every frame, upright, with its duration; the loop count as it was (a GIF without one plays once)."""
    width, height = original.size
    if frames * width * height > MAX_ANIMATION_PIXELS:
        raise ValidationError(
            f"This animation is too large to process ({frames} frames of {width}×{height} pixels): make it shorter "
            "or smaller.",
            code="animation_too_large",
        )
    transpose = _ORIENTATION_TRANSPOSE.get(original.getexif().get(ExifTags.Base.Orientation, 1))
    loop = original.info.get("loop")
    default_image = bool(original.info.get("default_image"))
    images, durations = [], []
    for index in range(frames):
        original.seek(index)
        frame = original.transpose(transpose) if transpose is not None else original.copy()
        frame.info = _kept_info(original.info)
        images.append(frame)
        durations.append(original.info.get("duration", 0))
    params |= {"save_all": True, "append_images": images[1:], "duration": durations}
    if loop is not None:
        params["loop"] = loop
    if kind == "GIF" and any("transparency" in image.info or image.mode == "RGBA" for image in images):
        params["disposal"] = 2  # frames are whole pictures: clear each before the next, so transparency stays right
    if kind == "PNG" and default_image:
        params["default_image"] = True
    images[0].save(output, format=kind, **params)


def _kept_info(info: dict) -> dict:
    """Of what Pillow read, only transparency is part of the picture; the rest is metadata or re-derived."""
    return {"transparency": info["transparency"]} if "transparency" in info else {}


def _webp_is_lossless(data: bytes) -> bool:
    """Whether the WebP's first picture is stored losslessly (a ``VP8L`` chunk), so its copy stays lossless."""
    position = 12  # past "RIFF", the size and "WEBP"
    while position + 8 <= len(data):
        tag = data[position : position + 4]
        size = int.from_bytes(data[position + 4 : position + 8], "little")
        if tag in (b"VP8L", b"VP8 "):
            return tag == b"VP8L"
        if tag == b"ANMF":
            position += 8 + 16  # into the first frame: its picture's chunks follow its 16-byte header
            continue
        position += 8 + size + (size & 1)
    return False


def _replace_content(upload, data: bytes) -> None:
    """Give the upload ``data`` as its content, without ever writing to a file that is not Django's own.

    A large upload is a temporary file that the storage moves into place by its path, so that file is overwritten;
    anything else (an upload in memory, a ``File`` a script opened on its own file) gets a copy in memory instead.
    """
    if hasattr(upload, "temporary_file_path"):
        upload.seek(0)
        upload.write(data)
        upload.truncate()
        upload.flush()
    else:
        upload.file = io.BytesIO(data)
    upload.seek(0)
    upload.size = len(data)


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
