"""Forms of pile-on defence: a removal request (from anyone), and answers to one."""

from __future__ import annotations

from django import forms

from stoa.safety.models import RemovalRequest


class RemovalRequestForm(forms.Form):
    """What someone shown or named asks for. ``email`` is required from people without an account."""

    name = forms.CharField(label="Your name", max_length=120)
    email = forms.EmailField(label="Your email (to confirm it; stored only as a hash)", required=False)
    what = forms.ChoiceField(label="What is it about?", choices=RemovalRequest.What.choices)
    why = forms.CharField(label="Why", widget=forms.Textarea(attrs={"rows": 4}), max_length=4000)
    change_asked = forms.CharField(
        label="What change do you ask for?", widget=forms.Textarea(attrs={"rows": 3}), max_length=2000
    )


class AuthorAnswerForm(forms.Form):
    action = forms.ChoiceField(
        choices=[("edit", "I edited it"), ("remove", "Remove it"), ("decline", "Decline")], widget=forms.RadioSelect
    )
    answer = forms.CharField(label="Your answer", widget=forms.Textarea(attrs={"rows": 3}), required=False)


class ModeratorDecisionForm(forms.Form):
    uphold = forms.TypedChoiceField(
        choices=[("1", "Uphold: take it down"), ("0", "Keep it")], coerce=lambda v: v == "1", widget=forms.RadioSelect
    )
    answer = forms.CharField(label="Answer to the requester", widget=forms.Textarea(attrs={"rows": 3}))
