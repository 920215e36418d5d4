"""Forms of the desk, in Chinese: publishing in one flow from a duty, and the notice preferences."""

from __future__ import annotations

from django import forms
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from organizations import permissions as perms

from . import sms
from .models import Notice, NoticeKind, NoticePreference, Obligation, Publication, Validity
from .notices import SMS_KINDS, sms_window
from .subscriptions import normalize_phone

AREA = "publishing"


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class AttachmentsField(forms.FileField):
    """Several files in one field; each is checked again by ``services.add_attachment``."""

    widget = MultipleFileInput

    def clean(self, data, initial=None):
        if isinstance(data, list | tuple):
            return [super(AttachmentsField, self).clean(d, initial) for d in data if d]
        return [super().clean(data, initial)] if data else []


class DutyChoice(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj):
        return f"{obj.unit.display_name} · {obj.item.name}"


RELEASE_CHOICES = (
    ("now", gettext_lazy("审核通过后立即发布")),
    ("scheduled", gettext_lazy("审核通过后在指定时间发布")),
    ("manual", gettext_lazy("审核通过后由我手动发布")),
)


def is_notice_item(obligations) -> bool:
    """A 公示 (a list to be objected to) needs a period and a channel for objections."""
    return any("公示" in ob.item.name for ob in obligations)


class ComposeForm(forms.Form):
    """One form from a duty to 提交审核: the record, its files, the duties it fulfils, and when it goes public."""

    SERVICE_FIELDS = (
        "title",
        "doc_number",
        "formed_on",
        "body",
        "validity",
        "notice_from",
        "notice_until",
        "objection_channel",
        "combined",
    )

    unit = forms.ModelChoiceField(label=gettext_lazy("发布单位"), queryset=None, empty_label=None)
    title = forms.CharField(label=gettext_lazy("标题"), max_length=300)
    doc_number = forms.CharField(label=gettext_lazy("文号"), max_length=100, required=False)
    formed_on = forms.DateField(
        label=gettext_lazy("信息形成日期"),
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        initial=timezone.localdate,
    )
    validity = forms.ChoiceField(
        label=gettext_lazy("有效性"), choices=Validity.choices, initial=Validity.VALID
    )
    body = forms.CharField(
        label=gettext_lazy("正文"), widget=forms.Textarea(attrs={"rows": 8}), required=False
    )
    attachments = AttachmentsField(
        label=gettext_lazy("附件"),
        required=False,
        help_text=gettext_lazy("可选多个文件：PDF、Word、Excel、PNG、JPG，单个不超过 20 MB。"),
    )
    obligations = DutyChoice(
        label=gettext_lazy("履行的公开义务"),
        queryset=Obligation.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        required=False,
        help_text=gettext_lazy(
            "一次上传，多方复用：勾选本条信息同时履行的同一事项的义务（发布单位须自身承担该事项）。"
        ),
    )
    combined = forms.BooleanField(
        label=gettext_lazy("合并公开"),
        required=False,
        help_text=gettext_lazy(
            "一份文件同时回应多个公开事项（如合并公示）时勾选，并在上面逐一勾选各事项的义务；"
            "未勾选时，一条信息只能履行同一事项的义务。"
        ),
    )
    notice_from = forms.DateField(
        label=gettext_lazy("公示开始日期"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )
    notice_until = forms.DateField(
        label=gettext_lazy("公示结束日期"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )
    objection_channel = forms.CharField(
        label=gettext_lazy("异议渠道"),
        required=False,
        max_length=300,
        help_text=gettext_lazy("如：公示期内如有异议，请致电 0571-00000000 或到社区居委会反映。"),
    )
    release = forms.ChoiceField(
        label=gettext_lazy("审核通过后"), choices=RELEASE_CHOICES, initial="now", widget=forms.RadioSelect
    )
    period = forms.DateField(label=gettext_lazy("报告期间"), required=False, widget=forms.HiddenInput())
    publish_at = forms.DateTimeField(
        label=gettext_lazy("定时发布时间"),
        required=False,
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
        input_formats=["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M"],
    )

    def __init__(
        self, *args, user, publication: Publication | None = None, initial_ids=(), period=None, **kwargs
    ):
        kwargs.setdefault("label_suffix", "：")
        super().__init__(*args, **kwargs)
        self.initial.setdefault("period", period)
        self.publication = publication
        units = perms.units_for(user, perms.ADD, AREA).filter(is_active=True).order_by("tree_id", "lft")
        self.fields["unit"].queryset = units
        duties = Obligation.objects.active().filter(perms.unit_filter(user, perms.ADD, AREA, "unit__"))
        chosen = list(duties.filter(pk__in=initial_ids).select_related("unit", "item"))
        if publication is not None:
            chosen = list(duties.filter(fulfilments__publication=publication).select_related("unit", "item"))
            self._from_publication(publication)
        elif chosen:
            self.initial.setdefault("unit", chosen[0].unit_id)
            self.initial.setdefault("title", chosen[0].item.name)
        focus = {ob.unit_id for ob in chosen} or set(units.values_list("pk", flat=True)[:1])
        self.fields["obligations"].queryset = (
            duties.filter(unit_id__in=focus)
            .select_related("unit", "item")
            .order_by("item__tree_id", "item__lft")
        )
        self.initial.setdefault("obligations", [ob.pk for ob in chosen])
        self.duties = chosen
        self.period_words = self._period_words(chosen, period)
        self.notice = is_notice_item(chosen) or bool(publication and publication.notice_from)

    @staticmethod
    def _period_words(chosen, period) -> str:
        """ "2025-10-01 至 2025-12-31" for the first periodic duty when the desk named a period."""
        from catalog.timelimits import period_bounds

        from . import deadlines

        for ob in chosen:
            rule = deadlines.rule_of(ob.rule)
            if period and deadlines.is_periodic(rule):
                start, end = period_bounds(rule.period, period)
                return f"{start.isoformat()} 至 {end.isoformat()}"
        return ""

    def periods(self) -> dict[int, object]:
        """{obligation id: a day in the reported period} for the chosen periodic duties, when one was named."""
        period = self.cleaned_data.get("period")
        if not period:
            return {}
        return {ob.pk: period for ob in self.cleaned_data.get("obligations") or ()}

    def _from_publication(self, publication: Publication) -> None:
        self.fields["unit"].disabled = True
        for name in ("unit", *self.SERVICE_FIELDS):
            self.initial[name] = getattr(publication, name if name != "unit" else "unit_id")

    def clean(self):
        data = super().clean()
        if data.get("release") == "scheduled":
            at = data.get("publish_at")
            if at is None:
                self.add_error("publish_at", _("请选择定时发布时间。"))
            elif at <= timezone.now():
                self.add_error("publish_at", _("定时发布时间须晚于现在。"))
        if self.publication is not None:
            data["unit"] = self.publication.unit
        data.setdefault("attachments", [])
        return data


class PreferenceForm(forms.ModelForm):
    """Which notices by e-mail (at once or in the daily digest) and, where an SMS gateway is configured,
    which by SMS to the person's own mobile number (never shown to anyone else)."""

    email_kinds = forms.MultipleChoiceField(
        label=gettext_lazy("哪些提醒发邮件"),
        choices=NoticeKind.choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    mobile = forms.CharField(
        label=gettext_lazy("接收短信的手机号码"),
        required=False,
        max_length=20,
        help_text=gettext_lazy("只用于给您本人发送工作提醒，不向他人显示。"),
        widget=forms.TextInput(attrs={"inputmode": "tel", "autocomplete": "tel"}),
    )
    sms_kinds = forms.MultipleChoiceField(
        label=gettext_lazy("哪些提醒发短信"),
        choices=[(k.value, k.label) for k in SMS_KINDS],
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )

    class Meta:
        model = NoticePreference
        fields = ("email_mode", "email_kinds", "mobile", "sms_kinds")
        widgets = {"email_mode": forms.RadioSelect}

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("label_suffix", "：")
        super().__init__(*args, **kwargs)
        self.sms_enabled = sms.configured()
        if not self.sms_enabled:  # no gateway: no SMS choice (what was chosen is kept)
            del self.fields["mobile"], self.fields["sms_kinds"]
            return
        minutes = int(sms_window().total_seconds() // 60)
        every = _("每小时") if minutes == 60 else _("每 %(m)s 分钟") % {"m": minutes}
        self.fields["sms_kinds"].help_text = _(
            "短信按时段汇总：%(every)s至多一条，写明待办条数；在站内已读的提醒不再发短信。"
        ) % {"every": every}

    def clean_mobile(self):
        try:
            return normalize_phone(self.cleaned_data.get("mobile", ""))
        except forms.ValidationError as exc:
            raise forms.ValidationError(_("请填写正确的11位手机号码（如 13812345678）。")) from exc

    def clean(self):
        data = super().clean()
        if (
            self.sms_enabled
            and data.get("sms_kinds")
            and not data.get("mobile")
            and "mobile" not in self.errors
        ):
            self.add_error("mobile", _("选择了短信提醒，请填写接收短信的手机号码。"))
        return data

    def email_fields(self):
        return [self[name] for name in ("email_mode", "email_kinds")]

    def sms_fields(self):
        return [self[name] for name in ("mobile", "sms_kinds")] if self.sms_enabled else []


__all__ = ["ComposeForm", "Notice", "PreferenceForm"]
