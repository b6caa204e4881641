"""Sign-up and profile forms, on top of Django's own (password checks, unique usernames), and the forms of a
member's own controls: dormant mode and deleting the account."""

from __future__ import annotations

from django import forms
from django.contrib.auth.forms import UserCreationForm

from stoa.people.models import User
from stoa.people.services import CommentFate


class SignUpForm(UserCreationForm):
    email = forms.EmailField(help_text="For password resets and notifications; never shown to anyone.")

    class Meta(UserCreationForm.Meta):
        model = User
        fields = ("username", "display_name", "email")

    def clean_email(self) -> str:
        email = self.cleaned_data["email"].strip()
        if User.objects.filter(email__iexact=email).exists():
            raise forms.ValidationError("An account with this email already exists. Try resetting its password.")
        return email


class ProfileForm(forms.ModelForm):
    class Meta:
        model = User
        fields = ("display_name", "bio")


class DormantForm(forms.Form):
    show_comments_as_anonymous = forms.BooleanField(
        label='While I am dormant, show my comments under "a dormant member"',
        required=False,
    )


class DeleteAccountForm(forms.Form):
    comments = forms.ChoiceField(
        label="Your comments",
        choices=[
            (CommentFate.REMOVE.value, "Remove them: their text is erased (their numbers stay, marked as removed)"),
            (CommentFate.ANONYMISE.value, 'Keep them, signed "a former member" instead of your name'),
        ],
        widget=forms.RadioSelect,
        error_messages={"required": "Choose what happens to your comments."},
    )
    password = forms.CharField(
        label="Your password",
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
        help_text="To confirm it is you. Deleting your account cannot be undone.",
    )
