"""The officers' desk: where each role lands after sign-in, the unit desk, publishing in one flow from a duty,
the reviewer's 待我审核 queue, and the notices (the bell).

Every write here is one service call (:mod:`publishing.services`); the pages only collect input and show what
the services say.
"""

from __future__ import annotations

from datetime import date

from django.contrib import admin, messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db import transaction
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from catalog import selectors as catalog_selectors
from catalog.models import CatalogEdition
from core import logins
from organizations import permissions as perms
from organizations import selectors as org_selectors
from organizations.models import Role

from . import desk_data, display, selectors, services
from . import notices as notices_module
from .forms import ComposeForm, PreferenceForm
from .models import Notice, NoticePreference, Obligation, Publication, PublicationStatus

AREA = "publishing"
PAGE_SIZE = 25
#: Where the roles without a desk of their own land (by path: the apps above publishing build them).
AUDITOR_DESK = "/assessment/desk/"
EDITIONS_TO_APPROVE = "/admin/catalog/catalogedition/?status__exact=submitted"


def _render(request, template, context):
    """Render a staff page with the bell's count of unread notices and the other apps' staff links."""
    return render(request, template, {**context, **selectors.staff_nav(request.user)})


# -- sign-in and landing --------------------------------------------------------------------------------
def sign_in(request):
    """The admin's sign-in page, landing on the role's page unless a specific page was asked for."""
    wanted = request.POST.get("next") or request.GET.get("next") or ""
    if not wanted:
        request.GET = request.GET.copy()
        request.GET["next"] = reverse("publishing:landing")
        if request.method == "POST":
            request.POST = request.POST.copy()
            request.POST["next"] = reverse("publishing:landing")
    return admin.site.login(request)


def landing_url(user) -> str:
    """Where a role's work is: office → the district dashboard, joint meeting → editions to approve,
    reviewer → 待我审核, officer → the unit desk, auditor → the assessment desk."""
    memberships = list(user.memberships.filter(unit__is_active=True).values_list("role", "title"))
    roles = {role for role, _title in memberships}
    if any(role == Role.OFFICE and "联席会议" in title for role, title in memberships):
        return EDITIONS_TO_APPROVE
    if perms.is_office(user):
        return reverse("publishing:desk")
    if Role.REVIEWER in roles and Role.OFFICER not in roles:
        return reverse("publishing:review")
    if Role.OFFICER in roles:
        return reverse("publishing:desk")
    if Role.AUDITOR in roles:
        return AUDITOR_DESK
    return reverse("admin:index") if user.is_staff else "/"


@login_required
def landing(request):
    return redirect(landing_url(request.user))


# -- the desk -------------------------------------------------------------------------------------------
@login_required
def desk(request):
    """One unit's (or, for the office, any unit's or all) disclosure work, section by section. The duty
    sections count duties (a duty with three overdue quarters is one row saying "3 期逾期"); every section is
    counted and paginated in SQL."""
    user = request.user
    if not perms.can(user, perms.VIEW, AREA):
        raise PermissionDenied(_("您没有政务公开工作台的权限。"))
    today = timezone.localdate()
    within = request.GET.get("within", "").strip()
    only = request.GET.get("section", "")
    wanted = {only: request.GET.get("page")} if only else {}
    pages = desk_data.section_pages(user, within, today, wanted, PAGE_SIZE)
    sections = [
        {"key": key, "title": title, "page": pages[key], "duties": key in desk_data.DUTY_SECTIONS}
        for key, title in desk_data.SECTIONS
        if not only or only == key
    ]
    office = perms.has_global(user, perms.VIEW, AREA)
    obligations = desk_data.scope(user, within)[0]
    context = {
        "sections": sections,
        "counts": [
            (key, title, pages[key].paginator.count, key in desk_data.DUTY_SECTIONS)
            for key, title in desk_data.SECTIONS
        ],
        "today": today,
        "within": within,
        "only": only,
        "office": office,
        "streets": org_selectors.streets() if office else [],
        "overdue_by_unit": desk_data.overdue_by_unit(obligations, today)[:30] if office else [],
        "editions_waiting": CatalogEdition.objects.filter(status="submitted").count() if office else 0,
        "to_confirm": Obligation.objects.active().filter(to_confirm=True).count() if office else 0,
        # what catalog imports assumed (default applied, words kept, column guessed) until the office settles it
        "import_reviews": catalog_selectors.open_import_reviews().count() if office else 0,
        "waiting_units": _items_waiting() if office and not within and not only else 0,
        "under_attack": logins.accounts_under_attack() if perms.is_office(user) else [],
        "units": org_selectors.units_visible_to(user).count(),
        "duties": obligations.filter(status="active").count(),
        # the apps above publishing (foi: the requests to handle), registered in their AppConfig.ready()
        "extra_sections": [] if only else selectors.desk_sections(user, within, today),
    }
    return _render(request, "publishing/desk.html", context)


# -- publish in one flow ------------------------------------------------------------------------------------
def _save(request, form, publication):
    """Create or edit the draft, add the attachments, and submit it when asked — one transaction."""
    data = form.cleaned_data
    fields = {name: data[name] for name in ComposeForm.SERVICE_FIELDS}
    with transaction.atomic():
        if publication is None:
            publication = services.create_publication(
                user=request.user,
                unit=data["unit"],
                obligations=data["obligations"],
                periods=form.periods(),
                **fields,
            )
        else:
            publication = services.update_publication(
                user=request.user,
                publication=publication,
                obligations=data["obligations"],
                periods=form.periods(),
                **fields,
            )
        for upload in data["attachments"]:
            services.add_attachment(user=request.user, publication=publication, upload=upload)
        if "submit" in request.POST:
            publication = services.submit(
                user=request.user,
                publication=publication,
                publish_on_approval=data["release"] != "manual",
                publish_at=data["publish_at"] if data["release"] == "scheduled" else None,
            )
    return publication


def _compose(request, publication=None):
    user = request.user
    initial_ids = [v for v in request.GET.getlist("obligation") if v.isdigit()]
    try:
        period = date.fromisoformat(request.GET.get("period", ""))
    except ValueError:
        period = None
    form = ComposeForm(
        request.POST or None,
        request.FILES or None,
        user=user,
        publication=publication,
        initial_ids=initial_ids,
        period=period,
    )
    if request.method == "POST" and form.is_valid():
        try:
            publication = _save(request, form, publication)
        except (ValidationError, PermissionDenied) as exc:
            for message in getattr(exc, "messages", None) or [str(exc)]:
                form.add_error(None, message)
        else:
            if publication.status == PublicationStatus.SUBMITTED:
                messages.success(
                    request, _("已提交审核：%(t)s。审核人会收到提醒。") % {"t": publication.title}
                )
            else:
                messages.success(request, _("已保存草稿：%(t)s") % {"t": publication.title})
            return redirect("publishing:desk")
    return _render(request, "publishing/compose.html", {"form": form, "publication": publication})


@login_required
def compose(request):
    if not perms.can(request.user, perms.ADD, AREA):
        raise PermissionDenied(_("您没有发布信息的权限。"))
    return _compose(request)


@login_required
def edit(request, pk):
    publication = get_object_or_404(
        Publication.objects.visible_to(request.user).select_related("unit"), pk=pk
    )
    if publication.status != PublicationStatus.DRAFT or not perms.can(
        request.user, perms.CHANGE, AREA, publication.unit
    ):
        return redirect("admin:publishing_publication_change", pk)
    return _compose(request, publication)


# -- the reviewer's queue ---------------------------------------------------------------------------------
def _review_scope(user):
    return (
        Publication.objects.filter(perms.unit_filter(user, perms.REVIEW, AREA, "unit__"))
        .filter(status=PublicationStatus.SUBMITTED)
        .select_related("unit", "created_by")
        .prefetch_related("attachments", "fulfilments__obligation__item")
        .order_by("updated_at", "id")
    )


@login_required
def review(request):
    """待我审核: every submitted record the user may review, oldest first, each with approve / return."""
    if not perms.can(request.user, perms.REVIEW, AREA):
        raise PermissionDenied(_("您没有审核权限。"))
    page = Paginator(_review_scope(request.user), PAGE_SIZE).get_page(request.GET.get("page"))
    for publication in page.object_list:
        publication.author_name = display.person(publication.created_by)
    return _render(request, "publishing/review.html", {"page": page})


@login_required
@require_POST
def review_step(request, pk, step):
    if step not in ("approve", "reject"):
        raise PermissionDenied
    publication = get_object_or_404(_review_scope(request.user), pk=pk)
    comment = request.POST.get("comment", "").strip()
    try:
        if step == "approve":
            publication = services.approve(user=request.user, publication=publication, comment=comment)
        else:
            publication = services.reject(user=request.user, publication=publication, comment=comment)
    except (ValidationError, PermissionDenied) as exc:
        messages.error(request, "；".join(getattr(exc, "messages", None) or [str(exc)]))
    else:
        done = {
            PublicationStatus.PUBLISHED: _("已审核通过并发布"),
            PublicationStatus.SCHEDULED: _("已审核通过，将定时发布"),
            PublicationStatus.APPROVED: _("已审核通过，待起草人发布"),
        }.get(publication.status, _("已退回修改"))
        messages.success(request, f"{done}：{publication.title}")
    return redirect("publishing:review")


# -- notices ----------------------------------------------------------------------------------------------
@login_required
def notices(request):
    """The bell's page: the latest notices; opening it marks them read. The e-mail preferences below."""
    mine = Notice.objects.filter(recipient=request.user)
    page = Paginator(mine, PAGE_SIZE).get_page(request.GET.get("page"))
    pref = NoticePreference.objects.filter(user=request.user).first() or NoticePreference(
        user=request.user, email_kinds=list(notices_module.DEFAULT_EMAIL_KINDS)
    )  # who never chose sees the default they get
    form = PreferenceForm(request.POST or None, instance=pref)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, _("提醒设置已保存。"))
        return redirect("publishing:notices")
    response = _render(request, "publishing/notices.html", {"page": page, "form": form})
    mine.filter(read_at__isnull=True, pk__in=[n.pk for n in page]).update(read_at=timezone.now())
    return response


@login_required
def open_notice(request, pk):
    notice = get_object_or_404(Notice, pk=pk, recipient=request.user)
    if notice.read_at is None:
        Notice.objects.filter(pk=pk).update(read_at=timezone.now())
    target = notice.url if url_has_allowed_host_and_scheme(notice.url, allowed_hosts=None) else ""
    return redirect(target or "publishing:desk")


def obligations_of(user):
    """The duties a user may publish for (the compose form's choices)."""
    return Obligation.objects.active().filter(perms.unit_filter(user, perms.ADD, AREA, "unit__"))


def _items_waiting() -> int:
    """How many items of the edition in force wait for the office: no unit matched, or words matching nobody.
    Planning every item on each desk load is work the desk need not repeat: the count is kept five minutes per
    edition (the 责任单位 page itself always plans afresh)."""
    from django.core.cache import cache

    from . import responsibility as resp

    edition = CatalogEdition.objects.current()
    if edition is None:
        return 0
    key = f"publishing:items-waiting:{edition.pk}"
    count = cache.get(key)
    if count is None:
        count = sum(1 for p in resp.plan_edition(edition) if p.unassigned or p.unmatched)
        cache.set(key, count, 300)
    return count


# -- who owes what (the office) -----------------------------------------------------------------------------
@login_required
def responsibility_page(request):
    """The office's page of who owes what: items whose 公开主体 named no unit (待确定责任单位), duties to
    confirm, and the before/after table of a re-plan — of the edition in force, or of the draft catalog
    before the joint meeting approves it (``?edition=draft``). Confirming runs one service call."""
    from . import responsibility as resp

    user = request.user
    if not perms.is_office(user):
        raise PermissionDenied(_("只有区政务公开办可以查看和确定责任单位。"))
    which = request.GET.get("edition", "")
    draft = which == "draft"
    edition = None if draft else CatalogEdition.objects.current()
    if which.isdigit() and len(which) < 9:  # an edition by number: the submitted one before its approval
        edition = get_object_or_404(CatalogEdition, number=int(which))
    if request.method == "POST":
        try:
            if request.POST.get("action") == "confirm":
                pk = request.POST.get("obligation", "")
                obligation = get_object_or_404(Obligation, pk=int(pk) if pk.isdigit() and len(pk) < 19 else 0)
                services.confirm_obligation(user=user, obligation=obligation)
                messages.success(request, _("已确认：%(unit)s 承担「%(item)s」。")
                                 % {"unit": obligation.unit.name, "item": obligation.item.name})  # fmt: skip
            elif request.POST.get("action") == "replan" and not draft and edition and edition.is_frozen:
                result = services.replan_obligations(user=user, edition=edition)
                from django.core.cache import cache

                cache.delete(f"publishing:items-waiting:{edition.pk}")  # the desk's count, planned afresh
                messages.success(
                    request,
                    _("已重新确定责任单位：新增 %(created)s 项、恢复 %(reopened)s 项、关闭 %(closed)s 项，"
                      "未变 %(unchanged)s 项；待确定责任单位的事项 %(unassigned)s 个。") % result.__dict__,
                )  # fmt: skip
        except (ValidationError, PermissionDenied) as exc:
            messages.error(request, "；".join(getattr(exc, "messages", None) or [str(exc)]))
        return redirect(request.get_full_path())
    directory = resp.UnitDirectory()
    if draft:
        plans = resp.plan_catalog(directory)
    else:
        plans = resp.plan_edition(edition, directory) if edition else []
    rows = resp.changes(plans, directory)
    to_confirm = (
        Obligation.objects.active()
        .filter(to_confirm=True)
        .select_related("unit", "item")
        .order_by("item__tree_id", "item__lft", "unit__tree_id", "unit__lft")
    )
    context = {
        "draft": draft,
        "edition": edition,
        "in_force": edition is not None and edition == CatalogEdition.objects.current(),
        "waiting": [p for p in plans if p.unassigned or p.unmatched],
        "unassigned": sum(1 for p in plans if p.unassigned),
        "items": len(plans),
        "rows": [r for r in rows if r.changed or r.before or r.after],
        "changed": sum(1 for r in rows if r.changed),
        "gained": sum(r.gained for r in rows),
        "closed": sum(r.closed for r in rows),
        "to_confirm": Paginator(to_confirm, 100).get_page(request.GET.get("page")),
    }
    return _render(request, "publishing/responsibility.html", context)
