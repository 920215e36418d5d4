from django import forms
from django.utils.translation import gettext_lazy as _

from organizations.models import Unit

from .models import COMMENT_MAX, RatingTarget, RatingValue


class RatingForm(forms.Form):
    target_kind = forms.ChoiceField(choices=RatingTarget.choices, widget=forms.HiddenInput)
    target_code = forms.CharField(max_length=80, widget=forms.HiddenInput)
    target_label = forms.CharField(max_length=300, required=False, widget=forms.HiddenInput)
    value = forms.ChoiceField(label=_("您的评价"), choices=RatingValue.choices, widget=forms.RadioSelect)
    comment = forms.CharField(
        label=_("意见建议（选填）"),
        max_length=COMMENT_MAX,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3, "maxlength": COMMENT_MAX}),
    )
    next = forms.CharField(required=False, widget=forms.HiddenInput)


class ReportForm(forms.Form):
    unit = forms.ModelChoiceField(label=_("被反映单位"), queryset=Unit.objects.none())
    subject = forms.CharField(label=_("标题"), max_length=120)
    body = forms.CharField(label=_("反映内容"), max_length=3000, widget=forms.Textarea(attrs={"rows": 8}))
    page_url = forms.CharField(label=_("相关页面地址（选填）"), max_length=300, required=False)

    def __init__(self, *args, units=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = units if units is not None else Unit.objects.none()
