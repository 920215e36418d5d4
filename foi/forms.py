"""Public forms: the request form (条例 第二十九条), the status lookup, the 补正 online and the password re-send.

The form checks what it can show next to a field (the ID number by its document's rule, the receiving body, the
notice channel); the services check the same again (foi/services.py), so a forged POST gets no further.
"""

from __future__ import annotations

from django import forms
from django.core.exceptions import ValidationError
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from core import idcards
from organizations.models import Unit

from .categories import ORGANISATION_ID_TYPES, PERSON_ID_TYPES, ApplicantType, Delivery, Form, NotifyBy
from .notify import sms_configured
from .selectors import public_units
from .services import MAX_ATTACHMENTS, MAX_CORRECTION_TEXT

#: Offered on the form: the person's documents, then the organisation's (the old 港澳台居民证件 is not).
ID_CHOICES = [(t.value, t.label) for t in dict.fromkeys((*PERSON_ID_TYPES, *ORGANISATION_ID_TYPES))]


def notify_choices() -> list[tuple[str, str]]:
    """E-mail, SMS (only where a gateway is configured), or the status page alone."""
    offered = [NotifyBy.EMAIL, *([NotifyBy.SMS] if sms_configured() else []), NotifyBy.PAGE]
    return [(c.value, str(c.label)) for c in offered]


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
    unit = forms.ModelChoiceField(
        label=_("受理机关"),
        queryset=Unit.objects.none(),
        empty_label=_("请选择"),
        help_text=_("可向区政府、区级部门、街道办事处提出申请；居委会、村委会不是政府信息公开的受理机关。"),
    )
    applicant_type = forms.ChoiceField(label=_("申请人类型"), choices=ApplicantType.choices)
    name = forms.CharField(label=_("姓名或名称"), max_length=100)
    contact_person = forms.CharField(label=_("联系人（法人或其他组织填写）"), max_length=50, required=False)
    id_type = forms.ChoiceField(label=_("证件类型"), choices=ID_CHOICES)
    id_number = forms.CharField(
        label=_("证件号码"),
        max_length=40,
        widget=forms.TextInput(
            attrs={"autocomplete": "off", "autocapitalize": "characters", "spellcheck": "false"}
        ),
    )
    phone = forms.CharField(
        label=_("联系电话"), max_length=30, required=False, widget=forms.TextInput(attrs={"inputmode": "tel"})
    )
    email = forms.EmailField(label=_("电子邮箱"), required=False)
    address = forms.CharField(label=_("通信地址"), max_length=200, required=False)
    notify_by = forms.ChoiceField(
        label=_("办理进度怎样通知您"),
        choices=(),
        required=False,
        widget=forms.RadioSelect,
        help_text=_(
            "每一步（收到申请、需要补正、延期、答复）都会通知您；不选的，填了邮箱即发邮件。查询页面始终可以看到办理进度。"
        ),
    )
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

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = public_units()  # the bodies with the duty to answer
        self.fields["notify_by"].choices = notify_choices()

    def clean(self):
        data = super().clean()
        if data.get("website"):
            raise forms.ValidationError(_("提交失败，请重试。"))
        if not (data.get("phone") or data.get("email") or data.get("address")):
            raise forms.ValidationError(_("请至少填写一种联系方式（电话、电子邮箱或通信地址）。"))
        self._clean_identity(data)
        notify_by = data.get("notify_by") or (NotifyBy.EMAIL if data.get("email") else NotifyBy.PAGE)
        data["notify_by"] = notify_by
        if notify_by == NotifyBy.EMAIL and not data.get("email"):
            self.add_error("email", _("选择电子邮件通知的，请填写电子邮箱。"))
        if notify_by == NotifyBy.SMS and not data.get("phone"):
            self.add_error("phone", _("选择短信通知的，请填写手机号码。"))
        return data

    def _clean_identity(self, data) -> None:
        kind, number = data.get("id_type"), data.get("id_number")
        person = data.get("applicant_type") == ApplicantType.NATURAL
        if kind and data.get("applicant_type"):
            if person and kind not in PERSON_ID_TYPES:
                self.add_error("id_type", _("自然人请选择个人证件（居民身份证、通行证、护照等）。"))
                return
            if not person and kind not in ORGANISATION_ID_TYPES:
                self.add_error("id_type", _("法人或其他组织请选择统一社会信用代码。"))
                return
        if kind and number:
            try:
                data["id_number"] = idcards.validate(kind, number)
            except ValidationError as exc:
                self.add_error("id_number", exc)


class StatusForm(forms.Form):
    code = forms.CharField(
        label=_("查询码"),
        max_length=40,
        widget=forms.TextInput(
            attrs={"autocapitalize": "characters", "spellcheck": "false", "autocomplete": "off"}
        ),
        help_text=_("如 YS-K7QM-4XPA-9R，大小写和短横线均可不输。"),
    )
    secret = forms.CharField(
        label=_("查询密码"), max_length=64, widget=forms.PasswordInput(render_value=False)
    )


class CorrectionForm(forms.Form):
    """The applicant's 补正 on the status page: text and files (checked again by the service)."""

    text = forms.CharField(
        label=_("补正内容"),
        required=False,
        max_length=MAX_CORRECTION_TEXT,
        widget=forms.Textarea(attrs={"rows": 6, "maxlength": MAX_CORRECTION_TEXT}),
        help_text=format_lazy(_("按补正通知的要求说明，最多{n}字。"), n=MAX_CORRECTION_TEXT),
    )
    attachments = MultipleFileField(
        label=_("补正材料（PDF/Word/图片，最多5个，每个不超过10MB）"), required=False
    )

    def clean(self):
        data = super().clean()
        if not self.errors and not data.get("text", "").strip() and not data.get("attachments"):
            raise forms.ValidationError(_("请填写补正内容或上传补正材料。"))
        return data


class ResendForm(forms.Form):
    """The password sent again, to the contact the applicant gave (they type it to prove it is theirs)."""

    code = forms.CharField(label=_("查询码"), max_length=40)
    contact = forms.CharField(
        label=_("申请时填写的电子邮箱或手机号码"),
        max_length=254,
        widget=forms.TextInput(attrs={"autocomplete": "email", "spellcheck": "false"}),
    )
    website = forms.CharField(required=False, widget=forms.HiddenInput)  # honeypot

    def clean(self):
        data = super().clean()
        if data.get("website"):
            raise forms.ValidationError(_("提交失败，请重试。"))
        return data
