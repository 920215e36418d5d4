from django import forms
from django.utils.translation import gettext_lazy as _

from organizations.models import Unit

from .models import Kind
from .services import LIMITS


class MessageForm(forms.Form):
    kind = forms.ChoiceField(label=_("留言类型"), choices=Kind.choices)
    unit = forms.ModelChoiceField(
        label=_("承办单位（不清楚可不选，由区政务公开办分办）"),
        queryset=Unit.objects.none(),
        required=False,
        empty_label=_("不选择（由区政务公开办分办）"),
    )
    subject = forms.CharField(label=_("标题"), max_length=LIMITS["subject"])
    body = forms.CharField(
        label=_("内容"), max_length=LIMITS["body"], widget=forms.Textarea(attrs={"rows": 6})
    )
    name = forms.CharField(label=_("姓名"), max_length=LIMITS["name"])
    phone = forms.CharField(
        label=_("联系电话"),
        max_length=LIMITS["phone"],
        required=False,
        widget=forms.TextInput(attrs={"inputmode": "tel", "autocomplete": "tel"}),
    )
    email = forms.EmailField(label=_("电子邮箱"), max_length=LIMITS["email"], required=False)
    consent = forms.BooleanField(
        label=_("同意答复后在网站公开（公开时隐去姓名、电话、邮箱）"), required=False
    )

    def __init__(self, *args, units=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = units


class AssignForm(forms.Form):
    unit = forms.ModelChoiceField(label=_("承办单位"), queryset=Unit.objects.none())
    note = forms.CharField(label=_("说明"), max_length=200, required=False)

    def __init__(self, *args, units=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = units


class AnswerForm(forms.Form):
    text = forms.CharField(
        label=_("答复内容"), max_length=LIMITS["answer"], widget=forms.Textarea(attrs={"rows": 6})
    )


class RuleForm(forms.Form):
    kind = forms.ChoiceField(label=_("留言类型"), choices=Kind.choices)
    workdays = forms.IntegerField(label=_("答复时限（工作日）"), min_value=1, max_value=60)
    basis = forms.CharField(label=_("依据"), max_length=300, required=False)
