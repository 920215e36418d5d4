from django import forms
from django.utils.translation import gettext_lazy as _

from organizations.models import Unit

from .models import COMMENT_MAX, BadReason, CorrectionKind, RatingTarget, RatingValue


class RatingForm(forms.Form):
    target_kind = forms.ChoiceField(choices=RatingTarget.choices, widget=forms.HiddenInput)
    target_code = forms.CharField(max_length=80, widget=forms.HiddenInput)
    value = forms.ChoiceField(label=_("您的评价"), choices=RatingValue.choices, widget=forms.RadioSelect)
    reason = forms.ChoiceField(
        label=_("差评原因"), choices=[("", "—")] + list(BadReason.choices), required=False
    )
    comment = forms.CharField(
        label=_("意见建议（选填）"),
        max_length=COMMENT_MAX,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3, "maxlength": COMMENT_MAX}),
    )
    contact = forms.CharField(label=_("回访联系方式（选填）"), max_length=100, required=False)
    next = forms.CharField(required=False, widget=forms.HiddenInput)


class CorrectionForm(forms.Form):
    kind = forms.ChoiceField(label=_("问题类型"), choices=CorrectionKind.choices)
    page_url = forms.CharField(label=_("出错页面地址"), max_length=300, required=False)
    description = forms.CharField(
        label=_("问题描述"), max_length=1000, widget=forms.Textarea(attrs={"rows": 6, "maxlength": 1000})
    )
    contact = forms.CharField(label=_("联系方式（选填，仅用于答复，不公开）"), max_length=100, required=False)


class ReportForm(forms.Form):
    unit = forms.ModelChoiceField(label=_("被反映单位"), queryset=Unit.objects.none())
    subject = forms.CharField(label=_("标题"), max_length=120)
    body = forms.CharField(label=_("反映内容"), max_length=3000, widget=forms.Textarea(attrs={"rows": 8}))
    page_url = forms.CharField(label=_("相关页面地址（选填）"), max_length=300, required=False)

    def __init__(self, *args, units=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = units if units is not None else Unit.objects.none()
