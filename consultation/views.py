"""The pages of 征求意见. Public: the list (open / closed), a consultation's page — the draft, 起草说明, 依据,
the period and its rule (and a shortening's reason), the comment form while open (CSRF, rate-limited per
address and per session, a honeypot, bounded text), the published comments with a report button, and after
the meeting the feedback report — never a commenter's name or contact. Staff: the list of the person's units'
consultations, opening one (the office), a consultation's ledger (enter, moderate, answer, meeting, feedback)
and the anonymised xlsx export. Thin: reads from selectors, writes through services."""

from __future__ import annotations

from django import forms as djforms
from django.contrib import messages as flash
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from core.ratelimit import limited
from organizations import permissions as perms
from organizations.models import Unit
from publishing.selectors import staff_nav

from . import export as exports
from . import paragraphs, periods, selectors, services
from .forms import (
    AnswerForm,
    CommentForm,
    DecisionForm,
    EnterForm,
    FeedbackForm,
    MeetingForm,
    ModerateForm,
    OpenForm,
    StepForm,
)
from .models import Comment, Consultation

SUBMIT_PER_ADDRESS = (20, 3600)
SUBMIT_PER_SESSION = (5, 3600)
REPORT_PER_ADDRESS = (30, 3600)


def _too_often(request) -> bool:
    if not request.session.session_key:
        request.session.save()
    by_address = limited(request, "consultation_comment", *SUBMIT_PER_ADDRESS)
    by_session = limited(
        f"session:{request.session.session_key}", "consultation_comment_session", *SUBMIT_PER_SESSION
    )
    return by_address or by_session


@require_GET
def index(request):
    state = request.GET.get("state", "")[:10]
    now = timezone.now()
    items = [(c, c.state(now), selectors.period_words(c)) for c in selectors.public_list(state, now)]
    return render(request, "consultation/index.html", {"items": items, "state": state})


def _public(pk: int) -> Consultation:
    found = selectors.public_consultation(pk)
    if found is None:
        raise Http404(_("征求意见不存在。"))
    return found


def _detail(
    request, consultation: Consultation, form: CommentForm | None, status: int = 200, done: bool = False
):
    now = timezone.now()
    state = consultation.state(now)
    feedback = consultation.feedback_published_at is not None
    shown = selectors.public_comments(consultation)
    return render(
        request,
        "consultation/detail.html",
        {
            "c": consultation,
            "paragraphs": paragraphs.split(consultation.draft),
            "state": state,
            "is_open": state == periods.OPEN,
            "rule": consultation.kind.rule(),
            "period": selectors.period_words(consultation),
            "form": form if state == periods.OPEN else None,
            "comments": shown,
            "groups": selectors.by_paragraph(consultation, shown),
            "tally": selectors.tally(consultation) if feedback else None,
            "feedback": feedback,
            "done": done,
        },
        status=status,
    )


def detail(request, pk: int):
    consultation = _public(pk)
    if request.method not in ("GET", "HEAD", "POST"):
        return HttpResponse(status=405)
    if request.method != "POST":
        chosen = request.GET.get("paragraph", "")[:4]
        form = CommentForm(
            initial={"paragraph": chosen} if chosen.isdigit() else None, draft=consultation.draft
        )
        return _detail(request, consultation, form, done=request.GET.get("done") == "1")
    form = CommentForm(request.POST, draft=consultation.draft)
    if not consultation.is_open():
        return _detail(request, consultation, None, status=400)
    if _too_often(request):
        form.is_valid()
        form.add_error(None, _("提交过于频繁，请稍后再试。"))
        return _detail(request, consultation, form, status=429)
    if not form.is_valid():
        return _detail(request, consultation, form, status=400)
    if form.cleaned_data["website"]:  # the honeypot: answer as if accepted, write nothing
        return redirect(f"{request.path}?done=1")
    data = form.cleaned_data
    try:
        services.submit_comment(
            consultation=consultation,
            body=data["body"],
            name=data["name"],
            contact=data["contact"],
            paragraph=data["paragraph"],
        )
    except ValidationError as exc:
        form.add_error(None, exc)
        return _detail(request, consultation, form, status=400)
    return redirect(f"{request.path}?done=1")


@require_POST
def report(request, pk: int):
    found = Comment.objects.filter(pk=pk, consultation__published=True).select_related("consultation").first()
    if found is None:
        raise Http404(_("意见不存在。"))
    if not request.session.session_key:
        request.session.save()
    if not limited(request, "consultation_report", *REPORT_PER_ADDRESS):
        services.report_comment(comment=found, session_key=request.session.session_key)
    flash.info(request, _("已收到您的举报，我们会尽快审核。"))
    return redirect("consultation:detail", found.consultation_id)


# -- staff ----------------------------------------------------------------------------------------------------
def _require(user) -> None:
    if not selectors.may_handle(user):
        raise PermissionDenied(_("您没有办理征求意见的权限。"))


def _own(user, pk: int) -> Consultation:
    found = selectors.consultations_for(user).filter(pk=pk).first()
    if found is None:
        raise Http404(_("征求意见不存在或无权查看。"))
    return found


def _units(user):
    return (
        Unit.objects.filter(is_active=True)
        .filter(perms.unit_filter(user, perms.ADD, "consultation", ""))
        .order_by("tree_id", "lft")
    )


@login_required
@require_GET
def desk(request):
    _require(request.user)
    now = timezone.now()
    rows = [
        (c, c.state(now), selectors.period_words(c), c.comments.count())
        for c in selectors.consultations_for(request.user)[:200]
    ]
    return render(
        request,
        "consultation/desk.html",
        {"rows": rows, "may_open": selectors.may_open(request.user), **staff_nav(request.user)},
    )


@login_required
def new(request):
    _require(request.user)
    if not selectors.may_open(request.user):
        raise PermissionDenied(_("只有区政务公开办可以发起征求意见。"))
    form = OpenForm(request.POST or None, units=_units(request.user))
    if request.method == "POST" and form.is_valid():
        try:
            found = services.open_consultation(user=request.user, **form.cleaned_data)
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            flash.success(request, _("征求意见已发起。"))
            return redirect("consultation:manage", found.pk)
    return render(
        request,
        "consultation/new.html",
        {"form": form, **staff_nav(request.user)},
        status=400 if request.method == "POST" else 200,
    )


def _staff_forms(user, consultation: Consultation, post=None, step: str = "") -> dict[str, djforms.Form]:
    if consultation.feedback_published_at is not None or not perms.can(
        user, perms.CHANGE, "consultation", consultation.unit
    ):
        return {}
    forms: dict[str, djforms.Form] = {
        "enter": EnterForm(post if step == "enter" else None, draft=consultation.draft),
        "moderate": ModerateForm(post if step == "moderate" else None),
        "answer": AnswerForm(post if step == "answer" else None),
    }
    if consultation.state() == periods.CLOSED:
        forms["meeting"] = MeetingForm(post if step == "meeting" else None)
        forms["feedback"] = FeedbackForm(post if step == "feedback" else None)
    return forms


def _manage(request, consultation: Consultation, forms: dict, status: int = 200):
    comments = selectors.ledger(consultation)
    shown = perms.may_see_personal_data(request.user, Comment, consultation.unit)
    numbered = paragraphs.split(consultation.draft)
    return render(
        request,
        "consultation/manage.html",
        {
            "c": consultation,
            "state": consultation.state(),
            "period": selectors.period_words(consultation),
            "comments": [
                (n, m, paragraphs.label_of(numbered, m.paragraph)) for n, m in enumerate(comments, start=1)
            ],
            "groups": selectors.by_paragraph(consultation, comments),
            "personal": shown,
            "tally": selectors.tally(consultation),
            "events": consultation.events.select_related("user"),
            "forms": forms,
            **staff_nav(request.user),
        },
        status=status,
    )


@login_required
@require_GET
def manage(request, pk: int):
    found = _own(request.user, pk)
    return _manage(request, found, _staff_forms(request.user, found))


def _numbered(consultation: Consultation, numbers: list[int]) -> list[Comment]:
    comments = list(consultation.comments.order_by("received_at", "id"))
    picked = []
    for n in numbers:
        if not 1 <= n <= len(comments):
            raise ValidationError(_("意见序号 %(n)d 不存在。") % {"n": n})
        picked.append(comments[n - 1])
    return picked


def _numbers(text: str) -> list[int]:
    try:
        return sorted({int(p) for p in text.replace("，", ",").split(",") if p.strip()})
    except ValueError as exc:
        raise ValidationError(_("意见序号应为数字，多条用逗号分隔。")) from exc


@login_required
@require_POST
def step(request, pk: int, step: str):
    found = _own(request.user, pk)
    forms = _staff_forms(request.user, found, request.POST, step)
    form = forms.get(step)
    if form is None:
        raise Http404(_("该征求意见当前不能执行此操作。"))
    if form.is_valid():
        data = form.cleaned_data
        try:
            if step == "enter":
                services.enter_comment(user=request.user, consultation=found, **data)
            elif step == "moderate":
                (comment,) = _numbered(found, [data["comment"]])
                services.moderate(user=request.user, comment=comment, show=data["show"], note=data["note"])
            elif step == "answer":
                services.answer(
                    user=request.user,
                    consultation=found,
                    comments=_numbered(found, _numbers(data["comments"])),
                    verdict=data["verdict"],
                    reason=data["reason"],
                    group=data["group"],
                )
            elif step == "meeting":
                services.set_meeting(user=request.user, consultation=found, decided_on=data["decided_on"])
            else:
                services.publish_feedback(user=request.user, consultation=found, **data)
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            flash.success(request, _("已保存。"))
            return redirect("consultation:manage", found.pk)
    return _manage(request, found, forms, status=400)


@login_required
@require_GET
def export(request, pk: int):
    found = _own(request.user, pk)
    response = HttpResponse(
        exports.comments_xlsx(found),
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
    response["Content-Disposition"] = exports.content_disposition(
        exports.filename(found), f"consultation-{found.pk}.xlsx"
    )
    return response


DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def _feedback_docx(found: Consultation) -> HttpResponse:
    response = HttpResponse(exports.feedback_docx(found), content_type=DOCX)
    response["Content-Disposition"] = exports.content_disposition(
        exports.feedback_filename(found), f"consultation-{found.pk}-feedback.docx"
    )
    return response


@login_required
@require_GET
def feedback_export(request, pk: int):
    """The drafting unit's feedback report as Word, any time (a draft of it before it is published)."""
    return _feedback_docx(_own(request.user, pk))


@require_GET
def feedback_public(request, pk: int):
    """The published feedback report as Word, for anyone (404 until it is published)."""
    found = _public(pk)
    if found.feedback_published_at is None:
        raise Http404(_("意见采纳情况尚未公开。"))
    return _feedback_docx(found)


# -- the year's decision list -----------------------------------------------------------------------------------
@require_GET
def decisions(request):
    years = selectors.decision_years()
    try:
        year = int(request.GET.get("year", "") or (years[0] if years else timezone.localdate().year))
    except ValueError:
        year = timezone.localdate().year
    return render(
        request,
        "consultation/decisions.html",
        {"rows": selectors.decision_list(year), "year": year, "years": years},
    )


@require_GET
def decision(request, pk: int):
    row = selectors.public_decision(pk)
    if row is None:
        raise Http404(_("决策事项不存在。"))
    return render(request, "consultation/decision.html", {"row": row})


@login_required
def decisions_desk(request):
    _require(request.user)
    step = request.POST.get("form", "") if request.method == "POST" else ""
    add = DecisionForm(request.POST if step == "add" else None, units=_units(request.user))
    record = StepForm(request.POST if step == "step" else None)
    if step == "add":
        if not selectors.may_open(request.user):
            raise PermissionDenied(_("只有区政务公开办可以编制决策事项目录。"))
        if add.is_valid():
            try:
                services.list_decision(user=request.user, **add.cleaned_data)
            except ValidationError as exc:
                add.add_error(None, exc)
            else:
                flash.success(request, _("已列入决策事项目录。"))
                return redirect("consultation:decisions_desk")
    elif step == "step" and record.is_valid():
        data = record.cleaned_data
        found = selectors.decisions_for(request.user).filter(pk=data["decision"]).first()
        if found is None:
            raise Http404(_("决策事项不存在或无权查看。"))
        try:
            services.record_step(
                user=request.user, decision=found, step=data["step"], on=data["on"], note=data["note"]
            )
        except ValidationError as exc:
            record.add_error(None, exc)
        else:
            flash.success(request, _("已登记。"))
            return redirect("consultation:decisions_desk")
    return render(
        request,
        "consultation/decisions_desk.html",
        {
            "decisions": selectors.decisions_for(request.user).prefetch_related("steps")[:200],
            "hearings": selectors.hearings_for(request.user)[:200],
            "add": add if selectors.may_open(request.user) else None,
            "record": record,
            **staff_nav(request.user),
        },
        status=400 if request.method == "POST" else 200,
    )
