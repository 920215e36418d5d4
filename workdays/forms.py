"""Forms of the calendar's admin pages: import years from the package, enter one line of a notice."""

import datetime as dt
import re

from django import forms
from django.utils.translation import gettext_lazy as _

from . import package_data


class SeedYearsForm(forms.Form):
    """Which package years to import."""

    first = forms.IntegerField(label=_("起始年份"))
    last = forms.IntegerField(label=_("结束年份"))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        years = package_data.package_years()
        for name in ("first", "last"):
            self.fields[name].widget.attrs.update(min=years[0], max=years[-1])
        self.fields["first"].initial = years[0]
        self.fields["last"].initial = years[-1]
        self.fields["last"].help_text = _("日历库包含 %(a)d–%(b)d 年；手工录入的年份不会被覆盖。") % {
            "a": years[0],
            "b": years[-1],
        }

    def clean(self):
        data = super().clean()
        years = package_data.package_years()
        first, last = data.get("first"), data.get("last")
        if first is not None and last is not None:
            if first > last:
                raise forms.ValidationError(_("起始年份不能晚于结束年份。"))
            if first < years[0] or last > years[-1]:
                raise forms.ValidationError(
                    _("日历库只包含 %(a)d–%(b)d 年的数据。") % {"a": years[0], "b": years[-1]}
                )
        return data


class HolidayForm(forms.Form):
    """One line of the State Council notice: a holiday's days off and its make-up working days."""

    year = forms.IntegerField(label=_("年份"), min_value=1990, max_value=2200)
    name = forms.CharField(
        label=_("节日名称"), max_length=60, help_text=_("如 春节；两节相连写作 国庆节、中秋节")
    )
    first = forms.DateField(label=_("放假开始日"), widget=forms.DateInput(attrs={"type": "date"}))
    last = forms.DateField(label=_("放假结束日"), widget=forms.DateInput(attrs={"type": "date"}))
    makeup_days = forms.CharField(
        label=_("调休上班日"),
        required=False,
        help_text=_("YYYY-MM-DD，多个用逗号或空格分隔，如 2027-02-06, 2027-02-20"),
    )

    def clean_makeup_days(self) -> list[dt.date]:
        raw = self.cleaned_data.get("makeup_days", "")
        days = []
        for part in re.split(r"[\s,，、;；]+", raw.strip()):
            if not part:
                continue
            try:
                days.append(dt.date.fromisoformat(part))
            except ValueError:
                raise forms.ValidationError(_("“%(v)s”不是 YYYY-MM-DD 格式的日期。") % {"v": part}) from None
        return days

    def clean(self):
        data = super().clean()
        year, first, last = data.get("year"), data.get("first"), data.get("last")
        if first and last and last < first:
            raise forms.ValidationError(_("放假结束日不能早于开始日。"))
        if year and first and last and (first.year != year or last.year != year):
            raise forms.ValidationError(
                _("放假日期须在%(y)d年内；跨年的部分请在该日期所在年份另行录入。") % {"y": year}
            )
        return data
