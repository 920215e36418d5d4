"""The officers' forms of the 舆情 ledger; they only check shapes, the services decide."""

from django import forms
from django.utils.translation import gettext_lazy as _

from organizations.models import Unit

from .models import HandedTo, Kind, Level, ResponseKind, Source

MINUTE = forms.DateTimeInput(attrs={"type": "datetime-local", "step": 60}, format="%Y-%m-%dT%H:%M")
WHEN_FORMATS = ["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M"]


class EntryForm(forms.Form):
    found_at = forms.DateTimeField(
        label=_("发现时间（精确到分钟）"), widget=MINUTE, input_formats=WHEN_FORMATS
    )
    source = forms.ChoiceField(label=_("来源"), choices=Source.choices)
    link = forms.URLField(label=_("原文链接"), max_length=500, required=False, assume_scheme="https")
    summary = forms.CharField(
        label=_("舆情摘要"), max_length=2000, widget=forms.Textarea(attrs={"rows": 5, "maxlength": 2000})
    )
    unit = forms.ModelChoiceField(label=_("责任单位"), queryset=Unit.objects.none())
    kind = forms.ChoiceField(label=_("舆情类别"), choices=Kind.choices)
    level = forms.ChoiceField(label=_("级别"), choices=Level.choices, initial=Level.GENERAL)
    emergency = forms.BooleanField(label=_("属于突发事件"), required=False)
    evidence = forms.FileField(label=_("证据（截图或文件：PNG、JPG、PDF）"), required=False)

    def __init__(self, *args, units=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = units if units is not None else Unit.objects.none()


class ResponseForm(forms.Form):
    kind = forms.ChoiceField(label=_("回应方式"), choices=ResponseKind.choices)
    responded_at = forms.DateTimeField(label=_("回应时间"), widget=MINUTE, input_formats=WHEN_FORMATS)
    link = forms.URLField(label=_("回应链接"), max_length=500, required=False, assume_scheme="https")
    note = forms.CharField(label=_("说明"), max_length=500, required=False)


class HandOverForm(forms.Form):
    to = forms.ChoiceField(label=_("移交给"), choices=HandedTo.choices)
    party = forms.CharField(label=_("接收方（单位、经办人）"), max_length=200)
    handed_at = forms.DateTimeField(label=_("移交时间"), widget=MINUTE, input_formats=WHEN_FORMATS)


class CloseForm(forms.Form):
    note = forms.CharField(label=_("办结说明"), max_length=500, required=False)


class EvidenceForm(forms.Form):
    upload = forms.FileField(label=_("证据（PNG、JPG、PDF）"))
