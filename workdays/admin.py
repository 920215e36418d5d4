"""The calendar in the admin: years with their days, the days by year and kind, and two pages for the
district office — import years from the package, and enter one line of a new year's State Council notice."""

from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count, Q
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _

from organizations import permissions as perms
from organizations.admin_scope import ScopedAdmin, ScopedInline

from . import engine, package_data, services
from .forms import HolidayForm, SeedYearsForm
from .models import CalendarDay, CalendarYear

AREA = "workdays"


class CalendarDayInline(ScopedInline):
    model = CalendarDay
    access_area = AREA
    fields = ("date", "weekday", "kind", "name")
    readonly_fields = ("weekday",)
    ordering = ("date",)

    @admin.display(description=_("星期"))
    def weekday(self, obj):
        return engine.weekday_name(obj.date) if obj and obj.date else "—"


@admin.register(CalendarYear)
class CalendarYearAdmin(ScopedAdmin):
    writes_through = None  # plain data entry (ScopedAdmin: permission-checked, history); services.mark_manual records a hand edit
    access_area = AREA
    unit_path = None
    allow_delete = True
    list_display = ("year", "source", "is_complete", "holiday_count", "makeup_count", "notice", "updated_at")
    list_filter = ("source", "is_complete")
    search_fields = ("year", "notice")
    readonly_fields = ("source", "updated_at")
    fields = ("year", "notice", "is_complete", "source", "updated_at")
    inlines = [CalendarDayInline]
    actions = ["reimport"]
    change_list_template = "admin/workdays/calendaryear/change_list.html"

    def get_readonly_fields(self, request, obj=None):
        # A stored year keeps its number: its days are filed under it.
        return (*self.readonly_fields, "year") if obj is not None else self.readonly_fields

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .annotate(
                n_holidays=Count("days", filter=Q(days__kind=CalendarDay.Kind.HOLIDAY)),
                n_makeup=Count("days", filter=Q(days__kind=CalendarDay.Kind.MAKEUP_WORKDAY)),
            )
        )

    @admin.display(description=_("放假天数"), ordering="n_holidays")
    def holiday_count(self, obj):
        return obj.n_holidays

    @admin.display(description=_("调休上班天数"), ordering="n_makeup")
    def makeup_count(self, obj):
        return obj.n_makeup

    def save_model(self, request, obj, form, change):
        if change and form.has_changed():
            obj.source = CalendarYear.Source.MANUAL  # edited by hand: seeding must never overwrite it
        super().save_model(request, obj, form, change)

    def save_formset(self, request, form, formset, change):
        super().save_formset(request, form, formset, change)
        if formset.has_changed():
            services.mark_manual(calendar_year=form.instance, user=request.user)

    @admin.action(description=_("从日历库重新导入所选年份（手工录入的跳过）"), permissions=["change"])
    def reimport(self, request, queryset):
        years = package_data.package_years()
        chosen = sorted(queryset.values_list("year", flat=True))
        outside = [y for y in chosen if y not in years]
        inside = [y for y in chosen if y in years]
        report = services.SeedReport()
        # One run per consecutive stretch, so a year between the chosen ones is never touched.
        stretch: list[int] = []
        for year in [*inside, None]:
            if stretch and (year is None or year != stretch[-1] + 1):
                part = services.seed_years(first=stretch[0], last=stretch[-1], user=request.user)
                for name in ("created", "updated", "unchanged", "skipped_manual"):
                    getattr(report, name).extend(getattr(part, name))
                stretch = []
            if year is not None:
                stretch.append(year)
        for line in report.lines():
            self.message_user(request, line, messages.SUCCESS)
        if outside:
            self.message_user(
                request,
                _("日历库没有以下年份的数据，未处理：%(y)s") % {"y": "、".join(map(str, outside))},
                messages.WARNING,
            )

    # -- the office's pages --------------------------------------------------------------------------
    def get_urls(self):
        view = self.admin_site.admin_view
        return [
            path("seed/", view(self.seed_view), name="workdays_calendaryear_seed"),
            path("enter-holiday/", view(self.enter_holiday_view), name="workdays_calendaryear_enter_holiday"),
            *super().get_urls(),
        ]

    def changelist_view(self, request, extra_context=None):
        extra_context = {
            **(extra_context or {}),
            "may_edit_calendar": perms.can(request.user, perms.CHANGE, AREA),
            "calendar_warnings": engine.warnings_for_years(_years_ahead()),
        }
        return super().changelist_view(request, extra_context)

    def _require_change(self, request):
        if not perms.can(request.user, perms.CHANGE, AREA):
            raise PermissionDenied

    def _page(self, request, form, title, template):
        context = {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "title": title,
            "form": form,
        }
        return TemplateResponse(request, template, context)

    def seed_view(self, request):
        self._require_change(request)
        form = SeedYearsForm(request.POST or None)
        if request.method == "POST" and form.is_valid():
            report = services.seed_years(
                first=form.cleaned_data["first"], last=form.cleaned_data["last"], user=request.user
            )
            for line in report.lines():
                self.message_user(request, line, messages.SUCCESS)
            return redirect(reverse("admin:workdays_calendaryear_changelist"))
        return self._page(request, form, _("从日历库导入节假日安排"), "admin/workdays/calendaryear/seed.html")

    def enter_holiday_view(self, request):
        self._require_change(request)
        form = HolidayForm(request.POST or None)
        if request.method == "POST" and form.is_valid():
            data = form.cleaned_data
            try:
                days = services.enter_holiday(
                    year=data["year"],
                    name=data["name"],
                    first=data["first"],
                    last=data["last"],
                    makeup_days=data["makeup_days"],
                    user=request.user,
                )
            except ValidationError as exc:
                for message in exc.messages:
                    form.add_error(None, message)
            else:
                self.message_user(
                    request,
                    _("已录入 %(n)d 天：%(name)s。全部录入后请在该年度勾选“已录入完整”。")
                    % {"n": len(days), "name": data["name"]},
                    messages.SUCCESS,
                )
                calendar_year = CalendarYear.objects.get(year=data["year"])
                return redirect(reverse("admin:workdays_calendaryear_change", args=[calendar_year.pk]))
        return self._page(
            request, form, _("录入一项放假安排"), "admin/workdays/calendaryear/enter_holiday.html"
        )


def _years_ahead() -> list[int]:
    """This year and the next: the ones whose arrangement the office must have entered."""
    from django.utils import timezone

    today = timezone.localdate()
    return [today.year, today.year + 1]


class YearListFilter(admin.SimpleListFilter):
    title = _("年份")
    parameter_name = "year"

    def lookups(self, request, model_admin):
        return [
            (str(y), f"{y}年") for y in CalendarYear.objects.order_by("-year").values_list("year", flat=True)
        ]

    def queryset(self, request, queryset):
        if self.value():
            return queryset.filter(calendar_year__year=self.value())
        return queryset


@admin.register(CalendarDay)
class CalendarDayAdmin(ScopedAdmin):
    writes_through = None  # plain data entry (ScopedAdmin: permission-checked, history); services.mark_manual records a hand edit
    access_area = AREA
    unit_path = None
    allow_delete = True
    list_display = ("date", "weekday", "kind", "name", "calendar_year")
    list_filter = (YearListFilter, "kind")
    search_fields = ("name",)
    date_hierarchy = "date"
    list_select_related = ("calendar_year",)
    fields = ("calendar_year", "date", "kind", "name")
    list_per_page = 100

    @admin.display(description=_("星期"), ordering="date")
    def weekday(self, obj):
        return engine.weekday_name(obj.date)

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        services.mark_manual(calendar_year=obj.calendar_year, user=request.user)

    def delete_model(self, request, obj):
        calendar_year = obj.calendar_year
        super().delete_model(request, obj)
        services.mark_manual(calendar_year=calendar_year, user=request.user)

    def delete_queryset(self, request, queryset):
        years = list(CalendarYear.objects.filter(days__in=queryset).distinct())
        super().delete_queryset(request, queryset)
        for calendar_year in years:
            services.mark_manual(calendar_year=calendar_year, user=request.user)
