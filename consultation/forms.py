from django import forms
from django.utils.translation import gettext_lazy as _

from organizations.models import Unit

from . import paragraphs
from .models import Channel, Kind, Step, Verdict
from .services import LIMITS


def paragraph_choices(draft: str) -> list[tuple[str, str]]:
    return [("", _("整体意见（不针对具体条款）"))] + [
        (str(p.number), f"{p.label}：{p.excerpt}") for p in paragraphs.split(draft)
    ]


class CommentForm(forms.Form):
    paragraph = forms.TypedChoiceField(
        label=_("针对条/段（选填）"), required=False, coerce=int, empty_value=None, choices=()
    )
    body = forms.CharField(
        label=_("意见内容"), max_length=LIMITS["body"], widget=forms.Textarea(attrs={"rows": 6})
    )
    name = forms.CharField(label=_("姓名（选填，不公开）"), max_length=LIMITS["name"], required=False)
    contact = forms.CharField(
        label=_("联系方式（选填，不公开）"),
        max_length=LIMITS["contact"],
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "tel"}),
    )
    # a field people never see: a robot that fills it is turned away
    website = forms.CharField(
        label=_("网址"),
        required=False,
        widget=forms.TextInput(attrs={"tabindex": "-1", "autocomplete": "off"}),
    )

    def __init__(self, *args, draft: str = "", **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["paragraph"].choices = paragraph_choices(draft)


class OpenForm(forms.Form):
    title = forms.CharField(label=_("标题"), max_length=LIMITS["title"])
    unit = forms.ModelChoiceField(label=_("起草单位"), queryset=Unit.objects.none())
    kind = forms.ModelChoiceField(label=_("类别"), queryset=Kind.objects.filter(is_active=True))
    draft = forms.CharField(
        label=_("草案全文"), max_length=LIMITS["draft"], widget=forms.Textarea(attrs={"rows": 10})
    )
    explanation = forms.CharField(
        label=_("起草说明（背景）"),
        max_length=LIMITS["explanation"],
        widget=forms.Textarea(attrs={"rows": 5}),
    )
    basis = forms.CharField(
        label=_("依据"), max_length=LIMITS["basis"], widget=forms.Textarea(attrs={"rows": 3})
    )
    opens_on = forms.DateField(label=_("开始日期"), widget=forms.DateInput(attrs={"type": "date"}))
    days = forms.IntegerField(label=_("期限（留空按类别规定）"), min_value=1, max_value=366, required=False)
    reason = forms.CharField(label=_("缩短期限的理由（将公开）"), max_length=LIMITS["reason"], required=False)

    def __init__(self, *args, units=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = units


class EnterForm(forms.Form):
    channel = forms.ChoiceField(label=_("渠道"), choices=[c for c in Channel.choices if c[0] != Channel.WEB])
    received_on = forms.DateField(label=_("收到日期"), widget=forms.DateInput(attrs={"type": "date"}))
    body = forms.CharField(
        label=_("意见内容"), max_length=LIMITS["body"], widget=forms.Textarea(attrs={"rows": 4})
    )
    name = forms.CharField(label=_("姓名（选填）"), max_length=LIMITS["name"], required=False)
    contact = forms.CharField(label=_("联系方式（选填）"), max_length=LIMITS["contact"], required=False)
    paragraph = forms.TypedChoiceField(
        label=_("针对条/段（选填）"), required=False, coerce=int, empty_value=None, choices=()
    )

    def __init__(self, *args, draft: str = "", **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["paragraph"].choices = paragraph_choices(draft)


class AnswerForm(forms.Form):
    comments = forms.CharField(label=_("意见序号（多条用逗号分隔）"), max_length=500)
    verdict = forms.ChoiceField(label=_("采纳情况"), choices=Verdict.choices)
    reason = forms.CharField(
        label=_("理由"), max_length=LIMITS["answer"], widget=forms.Textarea(attrs={"rows": 3})
    )
    group = forms.CharField(label=_("归类（选填）"), max_length=LIMITS["group"], required=False)


class ModerateForm(forms.Form):
    comment = forms.IntegerField(label=_("意见序号"), min_value=1)
    show = forms.TypedChoiceField(
        label=_("审核结果"),
        choices=[("1", _("恢复展示")), ("0", _("不予展示"))],
        coerce=lambda v: v == "1",
    )
    note = forms.CharField(label=_("说明"), max_length=200, required=False)


class FeedbackForm(forms.Form):
    decided_on = forms.DateField(label=_("会议决策日期"), widget=forms.DateInput(attrs={"type": "date"}))
    summary = forms.CharField(
        label=_("意见采纳情况说明"), max_length=LIMITS["summary"], widget=forms.Textarea(attrs={"rows": 5})
    )


class MeetingForm(forms.Form):
    decided_on = forms.DateField(label=_("会议决策日期"), widget=forms.DateInput(attrs={"type": "date"}))


class DecisionForm(forms.Form):
    year = forms.IntegerField(label=_("年度"), min_value=2000, max_value=2100)
    title = forms.CharField(label=_("决策事项"), max_length=LIMITS["title"])
    unit = forms.ModelChoiceField(label=_("承办单位"), queryset=Unit.objects.none())
    listed_on = forms.DateField(label=_("目录确定日期"), widget=forms.DateInput(attrs={"type": "date"}))

    def __init__(self, *args, units=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = units


class StepForm(forms.Form):
    decision = forms.IntegerField(label=_("决策事项编号"), min_value=1)
    step = forms.ChoiceField(label=_("环节"), choices=Step.choices)
    on = forms.DateField(label=_("日期"), widget=forms.DateInput(attrs={"type": "date"}))
    note = forms.CharField(label=_("说明（公开）"), max_length=500, required=False)
