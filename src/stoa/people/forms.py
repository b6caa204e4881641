"""Sign-up and profile forms, on top of Django's own (password checks, unique usernames)."""

from __future__ import annotations

from django import forms
from django.contrib.auth.forms import UserCreationForm

from stoa.people.models import User


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
