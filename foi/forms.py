"""Public forms: the request form (条例 第二十九条) and the status lookup."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from .categories import ApplicantType, Delivery, Form, IdType
from .selectors import public_units
from .services import MAX_ATTACHMENTS


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", MultipleFileInput(attrs={"accept": ".pdf,.docx,.png,.jpg,.jpeg"}))
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        if isinstance(data, (list, tuple)):
            if len(data) > MAX_ATTACHMENTS:
                raise forms.ValidationError(_("附件最多5个。"))
            return [super(MultipleFileField, self).clean(d, initial) for d in data]
        return [super().clean(data, initial)] if data else []


class RequestForm(forms.Form):
    unit = forms.ModelChoiceField(label=_("受理单位"), queryset=public_units(), empty_label=_("请选择"))
    applicant_type = forms.ChoiceField(label=_("申请人类型"), choices=ApplicantType.choices)
    name = forms.CharField(label=_("姓名或名称"), max_length=100)
    contact_person = forms.CharField(label=_("联系人（法人或其他组织填写）"), max_length=50, required=False)
    id_type = forms.ChoiceField(label=_("证件类型"), choices=IdType.choices)
    id_number = forms.CharField(label=_("证件号码"), max_length=40)
    phone = forms.CharField(label=_("联系电话"), max_length=30, required=False)
    email = forms.EmailField(label=_("电子邮箱"), required=False)
    address = forms.CharField(label=_("通信地址"), max_length=200, required=False)
    description = forms.CharField(
        label=_("所需政府信息的名称、文号或者便于查询的其他特征性描述"),
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 5, "data-helper": "1"}),
    )
    purpose = forms.CharField(label=_("用途（选填）"), max_length=300, required=False)
    form = forms.ChoiceField(label=_("获取信息的形式"), choices=Form.choices, initial=Form.ELECTRONIC)
    delivery = forms.ChoiceField(label=_("获取信息的方式"), choices=Delivery.choices, initial=Delivery.ONLINE)
    attachments = MultipleFileField(
        label=_("附件（身份证明、委托书等，PDF/Word/图片，最多5个）"), required=False
    )
    website = forms.CharField(required=False, widget=forms.HiddenInput)  # honeypot: people leave it empty

    def clean(self):
        data = super().clean()
        if data.get("website"):
            raise forms.ValidationError(_("提交失败，请重试。"))
        if not (data.get("phone") or data.get("email") or data.get("address")):
            raise forms.ValidationError(_("请至少填写一种联系方式（电话、电子邮箱或通信地址）。"))
        return data


class StatusForm(forms.Form):
    code = forms.CharField(label=_("查询码"), max_length=20)
    secret = forms.CharField(
        label=_("查询密码"), max_length=64, widget=forms.PasswordInput(render_value=False)
    )
