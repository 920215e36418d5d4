"""Public pages (request form, status, annual reports) and the officers' request workspace.

The status page knows a request by its tracking code and secret (typed as people type them: foi/access.py);
after a match the code is remembered in the visitor's session so the reply letter, the released files and the
补正 form work without the secret in any URL. A visitor only ever sees the requests whose secrets they typed;
a lost password is sent again to the contact the applicant gave (:func:`resend`), never shown.
"""

from __future__ import annotations

from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core import signing
from django.core.cache import cache
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, Http404, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from core import codes, uploads
from core.ratelimit import limited
from organizations.models import Unit, UnitKind

from . import access, exports, letters, notify, report, selectors, services
from . import helper as public_helper
from .forms import CorrectionForm, RequestForm, ResendForm, StatusForm

SESSION_CODES = "foi_codes"
SESSION_NEW = "foi_new_request"
MAX_SESSION_CODES = 20
AGAIN_SALT = "foi.submitted-again"
AGAIN_SECONDS = 600


def index(request):
    return render(request, "foi/index.html", {"reports": selectors.reports_by_year()})


@require_http_methods(["GET", "POST"])
def apply(request):
    initial = {"description": request.GET.get("q", "")[:200]} if request.method == "GET" else None
    form = RequestForm(request.POST or None, request.FILES or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        if limited(request, "foi_apply", 10, 3600):
            form.add_error(None, _("提交过于频繁，请稍后再试。"))
        else:
            d = form.cleaned_data
            applicant = services.Applicant(
                applicant_type=d["applicant_type"],
                name=d["name"],
                contact_person=d["contact_person"],
                id_type=d["id_type"],
                id_number=d["id_number"],
                phone=d["phone"],
                email=d["email"],
                address=d["address"],
            )
            try:
                created, secret = services.submit_online(
                    unit=d["unit"],
                    applicant=applicant,
                    description=d["description"],
                    purpose=d["purpose"],
                    form=d["form"],
                    delivery=d["delivery"],
                    attachments=d["attachments"],
                    notify_by=d["notify_by"],
                )
            except ValidationError as exc:
                for message in exc.messages:
                    form.add_error(None, message)
            else:
                if not secret:  # the same application again (two POSTs at once): the first one's page
                    again = signing.dumps(created.tracking_code, salt=AGAIN_SALT)
                    return redirect(f"{reverse('foi:submitted')}?{urlencode({'again': again})}")
                request.session[SESSION_NEW] = {"code": created.tracking_code, "secret": secret}
                _remember(request, created.tracking_code)
                return redirect("foi:submitted")
    return render(request, "foi/apply.html", {"form": form})


def _shown(code: str) -> str:
    return f"{code[:2]}-{codes.group(code[2:])}" if code.startswith("YS") else code


def submitted(request):
    """Shows the code and secret once (then they are gone from the session). A repeated submission lands
    here too: the first one's secret when this browser sent it, else its code alone (signed, for minutes)."""
    new = request.session.pop(SESSION_NEW, None)
    if not new:
        try:
            code = signing.loads(request.GET.get("again", ""), salt=AGAIN_SALT, max_age=AGAIN_SECONDS)
        except signing.BadSignature:
            return redirect("foi:status")
        return render(
            request,
            "foi/submitted.html",
            {"code": code, "code_shown": _shown(code), "secret": "", "again": True},
        )
    context = {**new, "code_shown": _shown(new["code"]), "secret_shown": access.show_secret(new["secret"])}
    return render(request, "foi/submitted.html", context)


@require_GET
def helper(request):
    """Public records matching what the applicant types (JSON, for the form's helper): the sentence is cut
    into words first (foi/helper.py)."""
    if limited(request, "foi_helper", 120, 60):
        return JsonResponse({"results": [], "error": _("请求过于频繁")}, status=429)
    return JsonResponse({"results": public_helper.matching_public_records(request.GET.get("q", ""))})


def _remember(request, code: str) -> None:
    codes_seen = [c for c in request.session.get(SESSION_CODES, []) if c != code]
    request.session[SESSION_CODES] = ([code] + codes_seen)[:MAX_SESSION_CODES]


def _from_session(request, code: str):
    if code not in request.session.get(SESSION_CODES, []):
        raise Http404(_("请先输入查询码和查询密码。"))
    found = selectors.DisclosureRequest.objects.select_related("unit").filter(tracking_code=code).first()
    if found is None:
        raise Http404
    return found


@require_http_methods(["GET", "POST"])
def status(request):
    form = StatusForm(request.POST or None, initial={"code": request.GET.get("code", "")[:40]})
    if request.method == "POST" and form.is_valid():
        if limited(request, "foi_status", 20, 600):
            form.add_error(None, _("查询过于频繁，请稍后再试。"))
        else:
            found = access.find(form.cleaned_data["code"], form.cleaned_data["secret"])
            if found is None:
                form.add_error(None, _("查询码或查询密码不正确。"))
            else:
                _remember(request, found.tracking_code)
                return redirect("foi:status_detail", code=found.tracking_code)
    return render(request, "foi/status.html", {"form": form, "resend": ResendForm(prefix="resend")})


#: The answer to every re-send request, whether or not the code and contact match (no enumeration).
RESENT = _lazy(
    "如果查询码和联系方式与申请时登记的一致，新的查询密码已发送到该邮箱或手机，请查收；原密码随即失效。"
)


@require_http_methods(["GET", "POST"])
def resend(request):
    """The password sent again to the contact the applicant gave: they type the code and that contact. The
    same answer whatever matched; limited per address and per code."""
    form = ResendForm(request.POST or None, prefix="resend")
    if request.method == "POST" and form.is_valid():
        found = access.find_by_code(form.cleaned_data["code"])
        per_code = found is not None and limited(f"foi-resend:{found.pk}", "foi_resend_code", 3, 24 * 3600)
        if limited(request, "foi_resend", 5, 3600):
            form.add_error(None, _("操作过于频繁，请稍后再试。"))
        else:
            if found is not None and not per_code:
                services.reissue_secret(request=found, contact=form.cleaned_data["contact"])
            messages.info(request, RESENT)
            return redirect("foi:status")
    return render(request, "foi/status.html", {"form": StatusForm(), "resend": form, "show_resend": True})


def _status_context(request, found, correction_form=None) -> dict:
    from .categories import NotifyBy
    from .models import AttachmentStage, Status

    s = selectors.public_status(found)
    context = {"s": s, "r": found, "code_shown": found.tracking_code_display}
    if found.status == Status.CORRECTION:
        context["correction_form"] = correction_form or CorrectionForm()
    if found.status == Status.CLOSED and found.result:
        context["reply_text"] = found.reply_text
        if found.result in services.RELEASED_RESULTS:
            context["released"] = list(
                found.attachments.filter(stage=AttachmentStage.RELEASED)
                .order_by("id")
                .values("pk", "original_name", "size")
            )
    if found.status == Status.RECEIVED and found.correction_received_on and found.correction_reply:
        context["correction_supplied"] = True
    channel = notify.channel_of(found)
    context["notified_by"] = NotifyBy(channel).label if channel else ""
    return context


def status_detail(request, code: str):
    found = _from_session(request, code)
    return render(request, "foi/status_detail.html", _status_context(request, found))


@require_POST
def correction(request, code: str):
    """The applicant's 补正, supplied on the status page (services.supply_correction checks it all again)."""
    found = _from_session(request, code)
    form = CorrectionForm(request.POST, request.FILES)
    if form.is_valid():
        if limited(request, "foi_correction", 10, 3600):
            form.add_error(None, _("提交过于频繁，请稍后再试。"))
        else:
            try:
                done = services.supply_correction(
                    request=found,
                    text=form.cleaned_data["text"],
                    attachments=form.cleaned_data["attachments"],
                )
            except ValidationError as exc:
                for message in exc.messages:
                    form.add_error(None, message)
            else:
                messages.success(
                    request,
                    _("补正材料已提交。答复期限自今天起重新计算，新的答复期限为 {due}。").format(
                        due=done.due_date.isoformat() if done.due_date else ""
                    ),
                )
                return redirect("foi:status_detail", code=found.tracking_code)
    found.refresh_from_db()
    return render(request, "foi/status_detail.html", _status_context(request, found, form), status=400)


@require_GET
def released_file(request, code: str, pk: int):
    """A file of the information released to the applicant, to the applicant only (code and password matched
    in this session), once the reply is made; always downloaded, recorded in the request's 查阅记录."""
    from .models import AttachmentStage, Status

    found = _from_session(request, code)
    if found.status != Status.CLOSED or found.result not in services.RELEASED_RESULTS:
        raise Http404(_("文件不存在。"))
    document = found.attachments.filter(pk=pk, stage=AttachmentStage.RELEASED).first()
    if document is None:
        raise Http404(_("文件不存在。"))
    try:
        handle = document.file.open("rb")
    except (OSError, ValueError) as exc:
        raise Http404(_("文件已丢失，请联系受理单位。")) from exc
    services.log_applicant_access(request=found, where=_("申请人下载提供的政府信息"))
    content_type = (
        document.content_type if document.content_type in uploads.EXTENSIONS else "application/octet-stream"
    )
    extension = uploads.EXTENSIONS.get(content_type, (".bin",))[0]
    stem = (document.original_name or "").replace("\\", "/").rsplit("/", 1)[-1].rsplit(".", 1)[0].strip()
    name = (stem or _("政府信息"))[:120] + extension
    response = FileResponse(handle, content_type=content_type)
    response["Content-Disposition"] = exports.content_disposition(
        name, f"foi-document-{document.pk}{extension}"
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "sandbox; default-src 'none'"
    response["Cache-Control"] = "private, no-store"
    return response


def letter(request, code: str, fmt: str):
    found = _from_session(request, code)
    if not found.result:
        raise Http404(_("申请尚未答复。"))
    services.log_applicant_access(request=found, where=_("申请人下载答复书（{fmt}）").format(fmt=fmt.upper()))
    if fmt == "pdf":
        if limited(request, "foi_letter_pdf", 30, 600):
            return HttpResponse(_("请求过于频繁，请稍后再试。"), status=429)
        body, ctype = letters.letter_pdf(found), "application/pdf"
    else:
        body, ctype = letters.letter_docx(found), exports.CONTENT_TYPES["docx"]
    response = HttpResponse(body, content_type=ctype)
    response["Content-Disposition"] = exports.content_disposition(
        letters.letter_filename(found, fmt), letters.letter_fallback_filename(found, fmt)
    )
    response["Cache-Control"] = "private, no-store"
    return response


def released_reply(request, pk: int):
    """A reply released to the public (条例 第四十四条, or 依申请转主动): what the portal search links to. It shows
    the public version only (foi.search_source.PublicReply): nothing of the applicant."""
    from . import search_source

    reply = search_source.public_reply(pk)
    if reply is None:
        raise Http404(_("该答复未向社会公开。"))
    return render(request, "foi/reply_public.html", {"reply": reply})


# -- annual reports (the portal's 政府信息公开年报 column links here) ---------------------------------------
def _report_unit(scope: str) -> tuple[Unit, bool]:
    if scope == "district":
        unit = Unit.objects.filter(kind=UnitKind.GOVERNMENT, parent__isnull=True).first()
        if unit is None:
            raise Http404
        return unit, True
    unit = Unit.objects.filter(code=scope).first()
    if unit is None:
        raise Http404
    return unit, False


def _published_data(year: int, scope: str) -> report.ReportData:
    unit, district = _report_unit(scope)
    if not selectors.published_reports(year).filter(unit=unit, district=district).exists():
        raise Http404(_("该年度报告尚未发布。"))
    return report.build(unit=unit, year=year, district=district)


#: A published report's files are rendered once and served from the cache (a week, or until it is published
#: again): rendering a PDF per request let four clients slow every page (issue 28).
REPORT_FILE_SECONDS = 7 * 24 * 3600


def _report_file(year: int, scope: str, fmt: str) -> bytes:
    unit, district = _report_unit(scope)
    published = (
        selectors.published_reports(year)
        .filter(unit=unit, district=district)
        .values_list("pk", "published_at")
        .first()
    )
    if published is None:
        raise Http404(_("该年度报告尚未发布。"))
    pk, at = published
    key = f"foi:annual-report:{pk}:{at.timestamp() if at else 0}:{fmt}"
    body = cache.get(key)
    if body is None:
        body = exports.render(report.build(unit=unit, year=year, district=district), fmt)
        cache.set(key, body, REPORT_FILE_SECONDS)
    return body


def annual_reports(request):
    return render(request, "foi/annual_list.html", {"reports": selectors.reports_by_year()})


def annual_report(request, year: int, scope: str):
    data = _published_data(year, scope)
    return render(request, "foi/annual_report.html", {**exports.context(data), "scope": scope})


def annual_report_file(request, year: int, scope: str, fmt: str):
    if fmt not in exports.FORMATS:
        raise Http404
    year = int(year)
    if fmt == "pdf" and limited(request, "foi_report_pdf", 30, 600):
        return HttpResponse(_("请求过于频繁，请稍后再试。"), status=429)
    response = HttpResponse(_report_file(year, scope, fmt), content_type=exports.CONTENT_TYPES[fmt])
    unit, district = _report_unit(scope)
    response["Content-Disposition"] = exports.content_disposition(
        exports.report_filename(exports.report_scope_name(unit, district), year, fmt),
        f"foi-annual-report-{year}-{scope}.{fmt}",
        inline=fmt == "json",
    )
    return response


# -- officers --------------------------------------------------------------------------------------------
@login_required
def workspace(request):
    """My units' requests section by section (the desk's counts, from the same selector), each by due date with
    the working days left, next to the obligations' deadline board."""
    from organizations import permissions as perms
    from organizations.selectors import streets
    from publishing.models import Obligation
    from publishing.selectors import deadline_counts, staff_nav

    if not selectors.may_use_board(request.user):
        raise PermissionDenied(_("您没有查看依申请公开申请的权限。"))
    today = timezone.localdate()
    office = perms.has_global(request.user, perms.VIEW, "foi")
    within = request.GET.get("within", "").strip()[:50]
    board = selectors.handling_board(request.user, today, within)
    counts = selectors.handling_counts(request.user, today, within)
    sections = [
        {"key": key, "title": title, "count": counts.get(key), "rows": [r for r in board if r.section == key]}
        for key, title in (*selectors.SECTIONS, selectors.IN_HAND)
    ]
    units = perms.units_for(request.user, perms.VIEW, "publishing").filter(is_active=True)
    duties = deadline_counts(Obligation.objects.filter(unit__in=units), today)  # one query, not every duty
    for section in sections:
        section["lines"] = [(row, *selectors.row_words(row, request.user)) for row in section["rows"]]
    return render(
        request,
        "foi/workspace.html",
        {
            "sections": sections,
            "counts": counts,
            "today": today,
            "office": office,
            "within": within,
            "streets": streets() if office else [],
            "obligations": duties,
            **staff_nav(request.user),
        },
    )


@login_required
@require_GET
def attachment(request, pk: int):
    """An applicant's attachment, to the officers handling the request only (its unit's officers and the
    district office): always downloaded (``Content-Disposition: attachment``), never sniffed or rendered,
    never at a public URL; each download is recorded in the request's 查阅记录."""
    found = (
        selectors.attachments_for_handler(request.user).select_related("request__unit").filter(pk=pk).first()
    )
    if found is None:
        raise Http404(_("附件不存在或无权查看。"))
    services.log_access(user=request.user, request=found.request, where=_("下载申请附件"))
    content_type = (
        found.content_type if found.content_type in uploads.EXTENSIONS else "application/octet-stream"
    )
    extension = uploads.EXTENSIONS.get(content_type, (".bin",))[0]
    stem = (found.original_name or "").replace("\\", "/").rsplit("/", 1)[-1].rsplit(".", 1)[0].strip()
    name = (stem or _("申请附件"))[:120] + extension
    try:
        handle = found.file.open("rb")
    except (OSError, ValueError) as exc:
        raise Http404(_("附件文件已丢失。")) from exc
    response = FileResponse(handle, content_type=content_type)
    response["Content-Disposition"] = exports.content_disposition(name, f"attachment-{found.pk}{extension}")
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "sandbox; default-src 'none'"
    response["Cache-Control"] = "private, no-store"
    return response
