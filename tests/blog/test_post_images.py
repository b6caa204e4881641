"""Images on posts: what may be uploaded, who is shown and their consent, the publish gate, and serving uploads."""

from __future__ import annotations

import io
import re

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from PIL import ExifTags, Image, ImageCms, PngImagePlugin

from stoa.blog import images
from stoa.blog.image_consent import (
    ApprovalNotNeeded,
    PublicationRefused,
    approve_image_without_consent,
    images_awaiting_approval,
)
from stoa.blog.images import content_type_for, validate_post_image
from stoa.blog.models import ImageConsent, Post, PostImage, PostStatus
from stoa.blog.services import publish_post
from stoa.moderation.models import AuditEvent
from stoa.people.models import User
from stoa.people.roles import Role
from stoa.safety.models import Person

ADD = "/admin/blog/post/add/"
IMAGES = "images"  # the image inline's form prefix
PEOPLE = "Person_posts"  # the people-discussed inline's form prefix
REFUSAL = (
    "This post shows an identifiable person without recorded consent (image 'protest.png'): an editor must approve "
    "it before it can be published."
)
SVG = b'<?xml version="1.0"?><svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>'


def image_bytes(kind: str = "PNG", size: tuple[int, int] = (4, 3)) -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", size, (200, 30, 30)).save(buffer, format=kind)
    return buffer.getvalue()


def upload(name: str = "protest.png", content: bytes | None = None) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, image_bytes() if content is None else content)


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


@pytest.fixture
def editor(make_user) -> User:
    return make_user("eddie", role=Role.EDITOR)


@pytest.fixture
def draft(make_post) -> Post:
    return make_post("Tenants march on the town hall", slug="march", status=PostStatus.DRAFT)


@pytest.fixture
def add_image(clock):
    """``add_image(post, consent=…)``: a stored image; an identifiable person unless consent is 'not needed'."""

    def add(post: Post, *, consent: str = ImageConsent.NOT_RECORDED, name: str = "protest.png", **fields) -> PostImage:
        fields.setdefault("shows_identifiable_person", consent != ImageConsent.NOT_NEEDED)
        fields.setdefault("consent_note", "Signed release, 3 March" if consent == ImageConsent.RECORDED else "")
        return PostImage.objects.create(post=post, file=upload(name), alt_text="Marchers", consent=consent, **fields)

    return add


def post_form(author: User, *, images: list[dict] = (), people: list[Person] = (), **changes) -> dict:
    """The admin's post form with its two inlines (new images and people discussed), as a browser submits it."""
    data = {
        "title": "Tenants march on the town hall",
        "slug": "march",
        "body": "Hundreds marched.",
        "excerpt": "",
        "author": str(author.pk),
        "status": PostStatus.PUBLISHED,
        "published_at_0": "2024-07-01",
        "published_at_1": "09:00:00",
        "guest_author_name": "",
        "guest_author_url": "",
        "guest_author_bio": "",
        "_save": "Save",
        f"{IMAGES}-TOTAL_FORMS": str(len(images)),
        f"{IMAGES}-INITIAL_FORMS": "0",
        f"{PEOPLE}-TOTAL_FORMS": str(len(people)),
        f"{PEOPLE}-INITIAL_FORMS": "0",
    }
    for index, image in enumerate(images):
        fields = {"file": upload(), "alt_text": "Marchers", "caption": "", "consent_note": "", **image}
        data |= {f"{IMAGES}-{index}-{key}": value for key, value in fields.items()}
    for index, person in enumerate(people):
        data[f"{PEOPLE}-{index}-person"] = str(person.pk)
    return data | changes


def messages_of(response) -> list[str]:
    return [str(message) for message in response.context["messages"]]


def events(action: str) -> list[AuditEvent]:
    return list(AuditEvent.objects.filter(action=action))


def no_consent(**extra) -> dict:
    return {"shows_identifiable_person": "on", "consent": ImageConsent.NOT_RECORDED, **extra}


# Uploads: JPEG, PNG, WebP and GIF by content, within the size limit; never SVG.


@pytest.mark.parametrize(
    ("kind", "extension", "content_type"),
    [
        ("JPEG", "jpg", "image/jpeg"),
        ("PNG", "png", "image/png"),
        ("WEBP", "webp", "image/webp"),
        ("GIF", "gif", "image/gif"),
    ],
)
def test_accepted_formats_are_stored_under_their_real_extension(draft, kind, extension, content_type) -> None:
    image = PostImage(
        post=draft, file=upload("Holiday Snap.bin", image_bytes(kind)), alt_text="A", consent="not_needed"
    )

    image.full_clean()
    image.save()

    assert re.fullmatch(rf"post-images/\d{{4}}/\d{{2}}/holiday-snap(_\w+)?\.{extension}", image.file.name)
    assert content_type_for(image.file.name) == content_type


@pytest.mark.parametrize(
    ("name", "content", "code"),
    [
        ("notes.png", b"just some text pretending to be a picture", "type"),
        ("page.jpg", b"<html><script>alert(1)</script></html>", "type"),
        ("truncated.png", image_bytes()[:40], "type"),
        ("drawing.png", SVG, "svg"),
        ("drawing.svg", b"<svg/>", "svg"),
    ],
)
def test_files_that_are_not_accepted_images_are_refused(name: str, content: bytes, code: str) -> None:
    with pytest.raises(ValidationError) as refused:
        validate_post_image(SimpleUploadedFile(name, content))

    assert refused.value.code == code


def test_svg_refusal_says_why(settings) -> None:
    with pytest.raises(ValidationError, match="SVG images are not accepted \\(they can carry scripts\\)"):
        validate_post_image(SimpleUploadedFile("logo.svg", SVG))


def test_an_image_over_the_size_limit_is_refused(settings) -> None:
    content = image_bytes(size=(64, 64))
    settings.CONFIG = settings.CONFIG.replace(max_image_bytes=len(content) - 1)

    with pytest.raises(ValidationError, match="images may be at most") as refused:
        validate_post_image(SimpleUploadedFile("big.png", content))

    assert refused.value.code == "too_big"
    settings.CONFIG = settings.CONFIG.replace(max_image_bytes=len(content))
    validate_post_image(SimpleUploadedFile("big.png", content))  # exactly at the limit is fine


def test_an_svg_uploaded_in_the_admin_is_refused_with_its_reason(client: Client, author: User) -> None:
    client.force_login(author)

    response = client.post(
        ADD, post_form(author, images=[{"file": upload("logo.png", SVG), "consent": ImageConsent.NOT_NEEDED}])
    )

    assert response.status_code == 200  # the form again, with the error
    assert "SVG images are not accepted" in response.content.decode()
    assert not PostImage.objects.exists() and not Post.objects.exists()


# Metadata: stripped from every upload before it is stored, the picture kept as it is seen.

ARTIST = "Alice Example, 12 Harbour Lane"
RED, BLUE = (220, 20, 20), (20, 20, 220)


def phone_photo(size: tuple[int, int] = (40, 20), orientation: int = 6, kind: str = "JPEG", **save) -> bytes:
    """A photo as a phone writes it: left half red, right half blue, stored sideways (``orientation``), with the
    owner's name, a GPS position, XMP and a comment."""
    picture = Image.new("RGB", size, BLUE)
    picture.paste(RED, (0, 0, size[0] // 2, size[1]))
    exif = Image.Exif()
    exif[ExifTags.Base.Artist] = ARTIST
    exif[ExifTags.Base.Orientation] = orientation
    exif[ExifTags.IFD.GPSInfo] = {
        ExifTags.GPS.GPSLatitudeRef: "N",
        ExifTags.GPS.GPSLatitude: (51.0, 30.0, 12.5),
        ExifTags.GPS.GPSLongitudeRef: "W",
        ExifTags.GPS.GPSLongitude: (0.0, 7.0, 40.0),
    }
    buffer = io.BytesIO()
    extra = {"comment": ARTIST.encode()} if kind == "JPEG" else {}
    picture.save(buffer, format=kind, exif=exif, xmp=f"<x:xmpmeta>{ARTIST}</x:xmpmeta>".encode(), **extra | save)
    return buffer.getvalue()


def stored_bytes(media_root, image: PostImage) -> bytes:
    return (media_root / image.file.name).read_bytes()


def test_the_photo_fixture_carries_what_a_phone_leaks() -> None:
    photo = phone_photo()

    exif = Image.open(io.BytesIO(photo)).getexif()
    assert exif[ExifTags.Base.Artist] == ARTIST and exif[ExifTags.Base.Orientation] == 6
    assert exif.get_ifd(ExifTags.IFD.GPSInfo)[ExifTags.GPS.GPSLatitudeRef] == "N"
    assert photo.count(ARTIST.encode()) == 3  # EXIF, XMP and the comment


@pytest.mark.parametrize("big_upload", [False, True], ids=["in-memory", "temporary-file"])
def test_a_photo_uploaded_in_the_admin_loses_its_metadata_and_is_turned_upright(
    client: Client, author: User, media_root, settings, big_upload: bool
) -> None:
    if big_upload:  # a phone's photo is past Django's 2.5 MB: it arrives as a temporary file, moved into place
        settings.FILE_UPLOAD_MAX_MEMORY_SIZE = 0
    client.force_login(author)

    response = client.post(
        ADD,
        post_form(author, images=[{"file": upload("beach.jpg", phone_photo()), "consent": ImageConsent.NOT_NEEDED}]),
    )

    assert response.status_code == 302
    image = PostImage.objects.get()
    stored = stored_bytes(media_root, image)
    assert ARTIST.encode() not in stored and b"xmpmeta" not in stored
    with Image.open(io.BytesIO(stored)) as picture:
        assert picture.format == "JPEG" and image.file.name.endswith(".jpg")
        exif = picture.getexif()
        assert ExifTags.IFD.GPSInfo not in exif and ExifTags.Base.Artist not in exif
        assert not exif.get_ifd(ExifTags.IFD.GPSInfo) and not exif  # no EXIF at all, orientation included
        assert not {"exif", "xmp", "comment", "photoshop"} & set(picture.info)
        assert picture.size == (20, 40)  # orientation 6 applied: the wide picture is now tall...
        top, bottom = picture.getpixel((10, 5)), picture.getpixel((10, 34))
    assert _close(top, RED) and _close(bottom, BLUE)  # ...turned clockwise, as a viewer would have shown it


def test_an_image_saved_without_validation_is_stripped_too(draft, media_root) -> None:
    image = PostImage.objects.create(
        post=draft, file=upload("beach.jpg", phone_photo()), alt_text="A beach", consent=ImageConsent.NOT_NEEDED
    )

    stored = stored_bytes(media_root, image)
    assert ARTIST.encode() not in stored
    with Image.open(io.BytesIO(stored)) as picture:
        assert not picture.getexif() and picture.size == (20, 40)


def test_png_text_chunks_and_exif_are_removed_and_the_pixels_kept(client: Client, author: User, media_root) -> None:
    picture = Image.new("RGBA", (6, 4), (10, 120, 200, 128))
    picture.putpixel((0, 0), (255, 0, 0, 255))
    text = PngImagePlugin.PngInfo()
    text.add_text("Author", ARTIST)  # tEXt
    text.add_text("Location", ARTIST, zip=True)  # zTXt
    text.add_itxt("Description", ARTIST)  # iTXt
    exif = Image.Exif()
    exif[ExifTags.Base.Artist] = ARTIST
    buffer = io.BytesIO()
    picture.save(buffer, format="PNG", pnginfo=text, exif=exif)
    assert buffer.getvalue().count(b"tEXt") == 1 and b"zTXt" in buffer.getvalue()
    client.force_login(author)

    client.post(
        ADD,
        post_form(author, images=[{"file": upload("map.png", buffer.getvalue()), "consent": ImageConsent.NOT_NEEDED}]),
    )

    stored = stored_bytes(media_root, PostImage.objects.get())
    assert not any(chunk in stored for chunk in (b"tEXt", b"zTXt", b"iTXt", b"eXIf", ARTIST.encode()))
    with Image.open(io.BytesIO(stored)) as cleaned:
        assert cleaned.format == "PNG" and cleaned.text == {} and not cleaned.getexif()
        assert cleaned.tobytes() == picture.tobytes()  # lossless: every pixel, alpha included


def test_webp_exif_and_xmp_chunks_are_removed_and_lossless_stays_lossless() -> None:
    for lossless in (False, True):
        upload_ = upload("photo.webp", phone_photo(kind="WEBP", orientation=1, lossless=lossless))
        assert b"EXIF" in upload_.read()
        upload_.seek(0)

        validate_post_image(upload_)

        cleaned = upload_.read()
        assert b"EXIF" not in cleaned and b"XMP " not in cleaned and ARTIST.encode() not in cleaned
        assert (b"VP8L" in cleaned) is lossless and upload_.size == len(cleaned)
        with Image.open(io.BytesIO(cleaned)) as picture:
            assert picture.format == "WEBP" and picture.size == (40, 20) and not picture.getexif()


@pytest.mark.parametrize("kind", ["GIF", "WEBP", "PNG"])
def test_animations_keep_their_frames_timing_and_loop(kind: str) -> None:
    frames = [Image.new("RGB", (8, 6), colour) for colour in (RED, BLUE, (20, 200, 20))]
    buffer = io.BytesIO()
    extra = {"comment": ARTIST.encode()} if kind == "GIF" else {"exif": _artist_exif()}
    frames[0].save(
        buffer, format=kind, save_all=True, append_images=frames[1:], duration=[100, 250, 400], loop=2, **extra
    )
    assert ARTIST.encode() in buffer.getvalue()
    animation = upload(f"wave.{kind.lower()}", buffer.getvalue())

    validate_post_image(animation)

    cleaned = animation.read()
    assert ARTIST.encode() not in cleaned
    with Image.open(io.BytesIO(cleaned)) as picture:
        assert (picture.format, picture.n_frames, picture.info.get("loop")) == (kind, 3, 2)
        seen = []
        for index in range(3):
            picture.seek(index)
            picture.load()
            seen.append((picture.info["duration"], picture.convert("RGB").getpixel((4, 3))))
    assert [duration for duration, _ in seen] == [100, 250, 400]
    assert all(_close(colour, frame.getpixel((4, 3))) for (_, colour), frame in zip(seen, frames, strict=True))


def test_a_too_large_animation_is_refused_rather_than_stored_with_its_metadata(monkeypatch) -> None:
    frames = [Image.new("RGB", (8, 6), colour) for colour in (RED, BLUE)]
    buffer = io.BytesIO()
    frames[0].save(buffer, format="GIF", save_all=True, append_images=frames[1:], comment=b"hello")
    monkeypatch.setattr(images, "MAX_ANIMATION_PIXELS", 2 * 8 * 6 - 1)

    with pytest.raises(ValidationError, match=r"too large to process \(2 frames of 8×6 pixels\)") as refused:
        validate_post_image(upload("long.gif", buffer.getvalue()))

    assert refused.value.code == "animation_too_large"


def test_a_gif_comment_is_removed_and_transparency_kept() -> None:
    picture = Image.new("P", (5, 5), 1)
    picture.putpalette([0, 0, 0, 200, 30, 30] + [0] * 762)
    picture.putpixel((0, 0), 0)
    buffer = io.BytesIO()
    picture.save(buffer, format="GIF", transparency=0, comment=ARTIST.encode())
    gif = upload("dot.gif", buffer.getvalue())

    validate_post_image(gif)

    cleaned = gif.read()
    assert ARTIST.encode() not in cleaned
    with Image.open(io.BytesIO(cleaned)) as stored:
        assert "comment" not in stored.info
        rgba = stored.convert("RGBA")
        assert rgba.getpixel((0, 0))[3] == 0 and rgba.getpixel((2, 2)) == (200, 30, 30, 255)


def test_the_icc_colour_profile_and_chroma_subsampling_are_kept() -> None:
    profile = ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB")).tobytes()
    photo = upload("wide-gamut.jpg", phone_photo(orientation=1, icc_profile=profile, subsampling=0))

    validate_post_image(photo)

    with Image.open(io.BytesIO(photo.read())) as picture:
        assert picture.info["icc_profile"] == profile
        assert picture.layer[0][1:3] == picture.layer[1][1:3]  # 4:4:4 stays 4:4:4: sharp text in screenshots


def test_a_phone_photo_with_a_depth_map_is_a_jpeg_of_the_photo_alone(draft, media_root) -> None:
    buffer = io.BytesIO()
    photo, depth_map = Image.new("RGB", (30, 20), RED), Image.new("RGB", (15, 10), BLUE)
    photo.save(buffer, format="MPO", save_all=True, append_images=[depth_map], exif=_artist_exif())
    assert Image.open(io.BytesIO(buffer.getvalue())).format == "MPO"
    image = PostImage(post=draft, file=upload("portrait.jpg", buffer.getvalue()), alt_text="A", consent="not_needed")

    image.full_clean()
    image.save()

    assert image.file.name.endswith(".jpg")
    stored = stored_bytes(media_root, image)
    assert ARTIST.encode() not in stored and b"MPF" not in stored
    with Image.open(io.BytesIO(stored)) as picture:
        assert (picture.format, picture.size, getattr(picture, "n_frames", 1)) == ("JPEG", (30, 20), 1)


def test_a_truncated_photo_is_refused_with_its_reason() -> None:
    buffer = io.BytesIO()
    Image.effect_noise((64, 64), 60).convert("RGB").save(buffer, format="JPEG")
    truncated = buffer.getvalue()[: len(buffer.getvalue()) // 2]

    with pytest.raises(ValidationError, match="could not be read in full") as refused:
        validate_post_image(SimpleUploadedFile("cut.jpg", truncated))

    assert refused.value.code == "damaged"


def _artist_exif() -> Image.Exif:
    exif = Image.Exif()
    exif[ExifTags.Base.Artist] = ARTIST
    return exif


def _close(colour: tuple, expected: tuple, tolerance: int = 12) -> bool:
    return all(abs(a - b) <= tolerance for a, b in zip(colour[:3], expected[:3], strict=True))


# What the author records: who is shown and their consent must agree.


@pytest.mark.parametrize(
    ("fields", "field", "message"),
    [
        ({"shows_identifiable_person": True, "consent": "not_needed"}, "consent", "say whether they consented"),
        ({"shows_identifiable_person": False, "consent": "recorded"}, "shows_identifiable_person", "Tick this"),
        ({"shows_identifiable_person": True, "consent": "recorded"}, "consent_note", "how and when they consented"),
    ],
)
def test_consent_must_fit_who_is_shown(draft, fields: dict, field: str, message: str) -> None:
    image = PostImage(post=draft, file=upload(), alt_text="Marchers", **fields)

    with pytest.raises(ValidationError) as invalid:
        image.full_clean()

    assert message in " ".join(invalid.value.message_dict[field])


def test_alt_text_is_required(draft) -> None:
    image = PostImage(post=draft, file=upload(), alt_text="", consent="not_needed")

    with pytest.raises(ValidationError) as invalid:
        image.full_clean()

    assert "alt_text" in invalid.value.message_dict


# The gate, through the admin.


def test_author_is_refused_with_the_message_and_the_post_stays_a_draft(client: Client, author: User) -> None:
    client.force_login(author)

    response = client.post(ADD, post_form(author, images=[no_consent()]), follow=True)

    post = Post.objects.get(slug="march")
    assert post.status == PostStatus.DRAFT
    assert any(REFUSAL in message for message in messages_of(response))
    assert client.get("/2024/07/01/march/").status_code == 404
    [refused] = events("post.publish_refused")
    assert (refused.actor, refused.target_id, refused.reasons) == (author, str(post.pk), [REFUSAL])


def test_author_is_not_offered_the_approval_and_cannot_forge_it(client: Client, author: User) -> None:
    client.force_login(author)
    assert "approve_without_consent" not in client.get(ADD).content.decode()

    client.post(ADD, post_form(author, images=[no_consent(approve_without_consent="on")]))

    image = PostImage.objects.get()
    assert image.approved_at is None and image.post.status == PostStatus.DRAFT
    assert not events("image.approved_without_consent")


def test_editor_approval_lets_the_post_be_published(client: Client, author: User, editor: User) -> None:
    client.force_login(author)
    client.post(ADD, post_form(author, images=[no_consent()]))
    post, image = Post.objects.get(slug="march"), PostImage.objects.get()
    client.force_login(editor)
    assert "approve_without_consent" in client.get(f"/admin/blog/post/{post.pk}/change/").content.decode()

    response = client.post(f"/admin/blog/post/{post.pk}/change/", existing_image_form(author, image, approve="on"))

    assert response.status_code == 302
    post.refresh_from_db()
    image.refresh_from_db()
    assert post.status == PostStatus.PUBLISHED
    assert image.approved_without_consent_by == editor and image.approved_at is not None
    [approved] = events("image.approved_without_consent")
    assert (approved.actor, approved.target_id, approved.data["post"]) == (editor, str(image.pk), post.pk)
    assert Client().get("/2024/07/01/march/").status_code == 200


def test_editor_is_refused_too_until_they_approve_the_image(client: Client, editor: User) -> None:
    client.force_login(editor)

    response = client.post(ADD, post_form(editor, images=[no_consent()]), follow=True)

    assert Post.objects.get().status == PostStatus.DRAFT
    [refusal] = [message for message in messages_of(response) if REFUSAL in message]
    assert refusal.startswith("Saved as a draft.") and "Tick 'Approve without consent'" in refusal


def test_editor_approves_and_publishes_in_one_save(client: Client, editor: User) -> None:
    client.force_login(editor)

    client.post(ADD, post_form(editor, images=[no_consent(approve_without_consent="on")]))

    assert Post.objects.get().status == PostStatus.PUBLISHED
    assert PostImage.objects.get().approved_without_consent_by == editor
    assert not events("post.publish_refused")


def test_recorded_consent_lets_the_author_publish(client: Client, author: User) -> None:
    client.force_login(author)
    consented = {"shows_identifiable_person": "on", "consent": ImageConsent.RECORDED, "consent_note": "Email, 3 May"}

    client.post(ADD, post_form(author, images=[consented]))

    assert Post.objects.get().status == PostStatus.PUBLISHED
    assert not events("post.publish_refused")


def test_an_image_without_identifiable_people_publishes(client: Client, author: User) -> None:
    client.force_login(author)

    client.post(ADD, post_form(author, images=[{"consent": ImageConsent.NOT_NEEDED}]))

    assert Post.objects.get().status == PostStatus.PUBLISHED
    assert PostImage.objects.get().file.name.endswith(".png")


def test_adding_an_unconsented_image_to_a_published_post_takes_it_down(client: Client, author: User, make_post):
    post = make_post("Tenants march on the town hall", slug="march")
    client.force_login(author)

    client.post(f"/admin/blog/post/{post.pk}/change/", post_form(author, images=[no_consent()]))

    post.refresh_from_db()
    assert post.status == PostStatus.DRAFT
    assert len(events("post.publish_refused")) == 1


def test_replacing_an_approved_image_needs_a_new_approval(client: Client, author: User, editor, draft, add_image):
    image = add_image(draft)
    approve_image_without_consent(image, editor=editor, now=image.uploaded_at)
    client.force_login(author)

    form = existing_image_form(author, image, file=upload("another.png", image_bytes(size=(5, 5))))
    client.post(f"/admin/blog/post/{draft.pk}/change/", form)

    image.refresh_from_db()
    assert image.approved_at is None and image.file.name.endswith("another.png")
    assert Post.objects.get(pk=draft.pk).status == PostStatus.DRAFT


def test_a_save_without_the_image_rows_leaves_the_images_alone(client: Client, author: User, draft, add_image):
    image = add_image(draft, consent=ImageConsent.NOT_NEEDED)
    client.force_login(author)
    form = {key: value for key, value in post_form(author).items() if not key.startswith((IMAGES, PEOPLE))}

    response = client.post(f"/admin/blog/post/{draft.pk}/change/", form)

    assert response.status_code == 302
    assert list(Post.objects.get(pk=draft.pk).images.all()) == [image]
    assert Post.objects.get(pk=draft.pk).status == PostStatus.PUBLISHED


def existing_image_form(author: User, image: PostImage, *, approve: str = "", file=None) -> dict:
    """The change form of a post with one saved image, left as it is unless told."""
    data = post_form(author, **{f"{IMAGES}-TOTAL_FORMS": "1", f"{IMAGES}-INITIAL_FORMS": "1"})
    data |= {
        f"{IMAGES}-0-id": str(image.pk),
        f"{IMAGES}-0-post": str(image.post_id),
        f"{IMAGES}-0-alt_text": image.alt_text,
        f"{IMAGES}-0-caption": image.caption,
        f"{IMAGES}-0-shows_identifiable_person": "on" if image.shows_identifiable_person else "",
        f"{IMAGES}-0-consent": image.consent,
        f"{IMAGES}-0-consent_note": image.consent_note,
    }
    if approve:
        data[f"{IMAGES}-0-approve_without_consent"] = approve
    if file is not None:
        data[f"{IMAGES}-0-file"] = file
    return data


def test_the_inline_shows_the_markdown_to_paste(client: Client, author: User, draft, add_image) -> None:
    image = add_image(draft, consent=ImageConsent.NOT_NEEDED, caption="The march")
    client.force_login(author)

    page = client.get(f"/admin/blog/post/{draft.pk}/change/").content.decode()

    assert f"![Marchers]({image.file.url} &quot;The march&quot;)" in page
    assert image.file.url.startswith("/media/post-images/")


# The gate and the approval as services.


def test_publish_post_refuses_and_audits_then_publishes_once_approved(draft, add_image, author, editor, clock):
    image = add_image(draft)

    with pytest.raises(PublicationRefused) as refused:
        publish_post(draft, by=author, now=clock.now)

    assert refused.value.message == REFUSAL and refused.value.images == [image]
    assert Post.objects.get(pk=draft.pk).status == PostStatus.DRAFT
    approved_at = clock.tick()
    approve_image_without_consent(image, editor=editor, now=approved_at, note="Public figure at a public rally")
    assert images_awaiting_approval(draft) == []
    publish_post(draft, by=author, now=clock.tick())
    draft.refresh_from_db()
    assert (draft.status, draft.published_at) == (PostStatus.PUBLISHED, clock.now)
    [approval] = events("image.approved_without_consent")
    assert (approval.reasons, approval.at) == (["Public figure at a public rally"], approved_at)


def test_refusal_names_every_image_awaiting_approval(draft, add_image, author, clock) -> None:
    add_image(draft, name="one.png")
    add_image(draft, name="two.png")
    add_image(draft, consent=ImageConsent.NOT_NEEDED, name="crowd.png")

    with pytest.raises(PublicationRefused, match=r"\(images 'one.png', 'two.png'\): an editor must approve"):
        publish_post(draft, by=author, now=clock.now)


def test_approval_of_an_image_that_needs_none_is_refused(draft, add_image, editor, clock) -> None:
    image = add_image(draft, consent=ImageConsent.RECORDED)

    with pytest.raises(ApprovalNotNeeded):
        approve_image_without_consent(image, editor=editor, now=clock.now)

    assert not events("image.approved_without_consent")


@pytest.mark.parametrize(
    ("role", "may_approve"),
    [(Role.ADMIN, True), (Role.EDITOR, True), (Role.AUTHOR, False), (Role.MODERATOR, False), (Role.MEMBER, False)],
)
def test_only_editors_and_admins_may_approve(make_user, draft, add_image, clock, role: Role, may_approve) -> None:
    user = make_user(f"as-{role.value}", role=role)
    image = add_image(draft)

    assert user.has_perm("blog.approve_image_without_consent") is may_approve
    if may_approve:
        approve_image_without_consent(image, editor=user, now=clock.now)
        assert PostImage.objects.get(pk=image.pk).approved_without_consent_by == user
    else:
        with pytest.raises(PermissionDenied):
            approve_image_without_consent(image, editor=user, now=clock.now)
        assert PostImage.objects.get(pk=image.pk).approved_at is None


# Serving uploads.


def fetch(client: Client, url: str) -> tuple:
    """GET a served file: the response and its body. Reading the stream to its end closes the file (the test
    client's wrapper does, with Django's connection cleanup held off; a second ``close()`` here would close the
    test's database connection on PostgreSQL)."""
    response = client.get(url)
    body = b"".join(response.streaming_content) if response.streaming else b""
    return response, body


def test_a_published_image_is_served_with_its_type_and_nosniff(make_post, add_image) -> None:
    image = add_image(make_post(), consent=ImageConsent.NOT_NEEDED)

    response, body = fetch(Client(), image.file.url)

    assert response.status_code == 200
    assert body == image_bytes()
    assert response["Content-Type"] == "image/png"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert "sandbox" in response["Content-Security-Policy"]
    assert response["Cache-Control"].startswith("public")


def test_images_of_drafts_are_shown_only_to_their_author_and_editors(
    client, draft, add_image, author, editor, make_user
):
    image = add_image(draft, consent=ImageConsent.NOT_NEEDED)

    assert Client().get(image.file.url).status_code == 404
    client.force_login(make_user("another", role=Role.AUTHOR))
    assert client.get(image.file.url).status_code == 404
    for viewer in (author, editor):
        client.force_login(viewer)
        response, body = fetch(client, image.file.url)
        assert (response.status_code, body) == (200, image_bytes())
        assert response["Cache-Control"] == "private, no-store"


def test_an_image_awaiting_approval_is_not_served_to_readers(make_post, add_image) -> None:
    image = add_image(make_post())  # written straight to the database, past the gate

    assert Client().get(image.file.url).status_code == 404


@pytest.mark.parametrize("path", ["/media/secret_key", "/media/../secret_key", "/media/post-images/nothing.png"])
def test_only_stored_post_images_are_served(db, media_root, path: str) -> None:
    media_root.mkdir(parents=True, exist_ok=True)
    (media_root / "secret_key").write_text("do not serve")

    assert Client().get(path).status_code == 404


# People discussed, from the post.


def test_people_discussed_inline_puts_the_post_in_the_register(client: Client, editor: User) -> None:
    natasha = Person.objects.create(name="Natasha Allmark", slug="natasha-allmark")
    client.force_login(editor)

    response = client.post(ADD, post_form(editor, people=[natasha]))

    assert response.status_code == 302
    assert list(natasha.posts.all()) == [Post.objects.get(slug="march")]


def test_editors_may_add_someone_new_to_the_register_from_the_post(client: Client, editor: User) -> None:
    client.force_login(editor)

    page = client.get(ADD).content.decode()

    assert "People discussed" in page and "/admin/safety/person/add/?_to_field=id&amp;_popup=1" in page


def test_authors_find_people_shown_in_the_register(client: Client, author: User) -> None:
    Person.objects.create(name="Natasha Allmark", slug="natasha-allmark")
    client.force_login(author)
    search = {"app_label": "blog", "model_name": "postimage", "field_name": "people_shown", "term": "Natasha"}

    found = client.get("/admin/autocomplete/", search).json()["results"]

    assert [result["text"] for result in found] == ["Natasha Allmark"]
    assert "People discussed" not in client.get(ADD).content.decode()  # filling the register is for editors


def test_people_shown_are_recorded_on_the_image(client: Client, author: User) -> None:
    natasha = Person.objects.create(name="Natasha Allmark", slug="natasha-allmark")
    client.force_login(author)

    client.post(ADD, post_form(author, images=[no_consent(people_shown=[str(natasha.pk)])]))

    assert list(PostImage.objects.get().people_shown.all()) == [natasha]
