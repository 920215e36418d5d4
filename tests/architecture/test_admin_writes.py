"""Every admin says how it writes (issue 26): ``writes_through = "app.services.function"`` — the service its save
goes through, with ``save_model`` overridden to call it — or ``writes_through = None`` (plain data entry, or
read-only; the class says which in a comment)."""

from importlib import import_module

import pytest
from django.apps import apps
from django.contrib import admin
from django.contrib.admin.sites import AdminSite

from organizations.models import PersonalDataRetention

#: The project's apps (their admins must declare); admins of installed packages are listed below instead.
PROJECT_PACKAGES = {
    "core",
    "portal",
    "opendata",
    "assessment",
    "foi",
    "participation",
    "opinion",
    "interaction",
    "consultation",
    "pilot",
    "boards",
    "publishing",
    "catalog",
    "domains",
    "workdays",
    "translations",
    "organizations",
}
#: Admins the project registers as the packages ship them, each with how it writes.
THIRD_PARTY = {
    "auth.Group": "plain data entry by a superuser (groups are outside the role model)",
    "django_celery_beat.PeriodicTask": "plain data entry: the schedule of the Celery beat (superuser)",
    "django_celery_beat.ClockedSchedule": "plain data entry: beat schedules (superuser)",
    "django_celery_beat.CrontabSchedule": "plain data entry: beat schedules (superuser)",
    "django_celery_beat.SolarSchedule": "plain data entry: beat schedules (superuser)",
    "django_celery_beat.IntervalSchedule": "plain data entry: beat schedules (superuser)",
    "axes.AccessAttempt": "read-only sign-in log (cleared through organizations.logins.unlock_login)",
    "axes.AccessLog": "read-only sign-in log",
    "axes.AccessFailureLog": "read-only sign-in log",
}
#: Generic bases whose save_model is no service call: an admin naming a service must override it.
GENERIC_SAVE_MODULES = ("django.", "simple_history.", "mptt.", "organizations.admin_scope")
MISSING = object()


def _project_admin(model_admin) -> bool:
    return type(model_admin).__module__.split(".")[0] in PROJECT_PACKAGES


def _resolves_to_a_service(path: str) -> bool:
    module_name, _dot, name = path.rpartition(".")
    parts = module_name.split(".")
    if parts[0] not in PROJECT_PACKAGES or "services" not in parts[1:]:  # app.services, app.search.services
        return False
    if not apps.is_installed(parts[0]) and parts[0] != "core":
        return False
    try:
        module = import_module(module_name)
    except ImportError:
        return False
    return callable(getattr(module, name, None))


def _save_model_owner(model_admin) -> str:
    for klass in type(model_admin).__mro__:
        if "save_model" in vars(klass):
            return f"{klass.__module__}.{klass.__qualname__}"
    return "?"  # pragma: no cover - ModelAdmin always defines it


def admin_write_problems(site: AdminSite) -> list[str]:
    """What is wrong with the write declarations of the admins registered on ``site``."""
    found = []
    for model, model_admin in site._registry.items():
        label = model._meta.label
        where = f"{label} ({type(model_admin).__module__}.{type(model_admin).__qualname__})"
        if not _project_admin(model_admin):
            if label not in THIRD_PARTY:
                found.append(
                    f"{where}: an installed package's admin; list it in THIRD_PARTY with how it writes"
                )
            continue
        declared = getattr(model_admin, "writes_through", MISSING)
        if declared is MISSING:
            found.append(
                f'{where}: no writes_through; declare writes_through = "app.services.function" '
                f"(the service its save goes through) or None (plain data entry / read-only, with a comment)"
            )
            continue
        if declared is None:
            continue
        if not isinstance(declared, str) or not _resolves_to_a_service(declared):
            found.append(
                f"{where}: writes_through = {declared!r} is not a callable in an app's services module"
            )
            continue
        owner = _save_model_owner(model_admin)
        if owner.startswith(GENERIC_SAVE_MODULES):
            found.append(
                f"{where}: writes_through = {declared!r} but save_model is the stock {owner}; "
                f"override save_model (or save_related) to call the service"
            )
    return found


def test_every_admin_declares_how_it_writes():
    problems = admin_write_problems(admin.site)
    assert problems == [], "\n".join(problems)


def test_the_registry_is_walked_whole():
    project = [a for a in admin.site._registry.values() if _project_admin(a)]
    assert len(project) >= 35
    assert {a.writes_through for a in project} >= {
        "organizations.services.change_unit",
        "assessment.services.add_indicator",
    }


# -- the check sees each kind of fault (throwaway admins on a fresh AdminSite) --------------------------------
class NoDeclaration(admin.ModelAdmin):
    pass


class NotAService(admin.ModelAdmin):
    writes_through = "organizations.permissions.require"  # callable, but not in a services module

    def save_model(self, request, obj, form, change):  # pragma: no cover - never called
        pass


class StockSave(admin.ModelAdmin):
    writes_through = "organizations.services.create_unit"


NoDeclaration.__module__ = NotAService.__module__ = StockSave.__module__ = "organizations.admin_throwaway"


@pytest.mark.parametrize(
    ("admin_class", "expected"),
    [
        (NoDeclaration, "no writes_through"),
        (NotAService, "is not a callable in an app's services module"),
        (StockSave, "but save_model is the stock django.contrib.admin.options.ModelAdmin"),
    ],
)
def test_the_check_names_the_failing_admin(admin_class, expected):
    site = AdminSite(name="throwaway")
    site.register(PersonalDataRetention, admin_class)
    problems = admin_write_problems(site)
    print("\n".join(problems))
    assert len(problems) == 1
    assert expected in problems[0] and admin_class.__qualname__ in problems[0]
    assert problems[0].startswith("organizations.PersonalDataRetention (organizations.admin_throwaway.")


def test_a_misspelled_service_fails():
    assert not _resolves_to_a_service("organizations.services.no_such_function")
    assert not _resolves_to_a_service("nowhere.services.create_unit")
    assert _resolves_to_a_service("organizations.services.create_unit")
    assert _resolves_to_a_service("publishing.services.add_obligation")  # a services package
    assert _resolves_to_a_service("portal.search.services.save_synonym_group")  # a part's services module
