"""The comment form: shape validation only; what the comment says is the pipeline's business."""

from __future__ import annotations

from django import forms
from django.conf import settings


class CommentForm(forms.Form):
    body = forms.CharField(
        label="Comment",
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text="Markdown: *emphasis*, **strong**, `code`, > quotes, [links](https://…).",
    )
    name = forms.CharField(label="Name", max_length=80, required=False)
    email = forms.EmailField(label="Email (never shown)", required=False)
    website = forms.URLField(label="Website (optional)", required=False, assume_scheme="https")
    reply_to = forms.IntegerField(required=False, widget=forms.HiddenInput)
    # Sent only by the nudge's "Post anyway" button (never rendered as a field): the writer has seen the prompt.
    confirmed = forms.BooleanField(required=False, widget=forms.HiddenInput)

    def __init__(self, *args, user=None, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.user = user
        self.fields["body"].widget.attrs["maxlength"] = settings.CONFIG.comment_max_length
        if user is not None and user.is_authenticated:
            for name in ("name", "email", "website"):
                del self.fields[name]
        else:
            self.fields["name"].required = True
            self.fields["email"].required = True

    def clean_body(self) -> str:
        body = self.cleaned_data["body"]
        if not body.strip():
            raise forms.ValidationError("Your comment is empty. Write something before posting.")
        return body


class EditCommentForm(forms.Form):
    body = forms.CharField(label="Comment", widget=forms.Textarea(attrs={"rows": 5}))
