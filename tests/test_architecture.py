"""Project rules that ruff cannot express, checked mechanically on the source.

1. Views and API modules never reach people's records through a model manager: every read
   starts from ``kurator.access`` (or a ``queries`` function built on it), so "not yours"
   is always a 404 and no page forgets the scope.
2. Migrations are self-contained: they never import Kurator's code, which changes after the
   migration is written (``apps.get_model`` inside ``RunPython`` instead).
3. A view that admits the cases shared with a supervisor (``access.get_case(…,
   supervision=True)``) hides surnames: the same function asks ``mask_for``. Supervision
   shares open only masked, read-only pages: the case page and the case and timeline API.
   Supervision shares and co-workers are guarded models of the cases app like the others:
   views read them through ``access`` and ``cases.queries.supervision`` only (rule 1).
"""

from __future__ import annotations

import ast
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from django.apps import apps
from django.urls import URLPattern, URLResolver, get_resolver

ROOT = Path(__file__).resolve().parent.parent
KURATOR = ROOT / "kurator"

# Apps whose records are people's data (or say who worked with whom): views and API modules
# reach them only through ``access``. Reference data inside them (instruments, scales) is
# listed in REFERENCE_MODELS and may be read directly.
GUARDED_APPS = [
    "people",
    "privacy",
    "intake",
    "cases",
    "documents",
    "plans",
    "network",
    "meetings",
    "monitoring",
    "assessments",
    "reports",
    "tasks",
    "audit",
]
REFERENCE_MODELS = {"AnswerScale", "AnswerOption", "Instrument", "Domain", "Question", "Band"}
MANAGERS = {"objects", "_default_manager", "_base_manager"}
SHORTCUTS = {"get_object_or_404", "get_list_or_404"}


def _guarded_models() -> set[str]:
    names: set[str] = set()
    for label in GUARDED_APPS:
        try:
            config = apps.get_app_config(label)
        except LookupError:
            continue  # an app that is not installed
        names.update(model.__name__ for model in config.get_models(include_auto_created=True))
    return names - REFERENCE_MODELS


def _path_of(module: str) -> Path:
    return ROOT.joinpath(*module.split(".")).with_suffix(".py")


def _url_callbacks(patterns: list[Any]) -> Iterator[Any]:
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            yield from _url_callbacks(pattern.url_patterns)
        elif isinstance(pattern, URLPattern):
            yield pattern.callback


def _routed_modules() -> set[Path]:
    """The module of every view the URLconf routes to (function views, class-based views,
    DRF views and viewsets), wherever the app keeps it."""
    found: set[Path] = set()
    for callback in _url_callbacks(get_resolver().url_patterns):
        view = getattr(callback, "view_class", None) or getattr(callback, "cls", None) or callback
        module = getattr(view, "__module__", "")
        if module.startswith("kurator."):
            found.add(_path_of(module))
    return found


def _view_modules() -> list[Path]:
    """Every module that answers requests: those the URLconf routes to, and every module in
    any app named or packaged as views or API (a helper module of a view package too)."""
    found = _routed_modules()
    for path in KURATOR.rglob("*.py"):
        rel = path.relative_to(KURATOR).parts
        if "migrations" in rel or "tests" in rel:
            continue
        layer = {"views", "api"} & set(rel[1:-1])
        stem = path.stem
        if layer or stem in {"views", "api"} or stem.endswith(("_views", "_api")):
            found.add(path)
        if stem.startswith(("views_", "api_")) and stem != "api_urls":
            found.add(path)
    return sorted(found)


def _model_name(node: ast.expr) -> str | None:
    """``Case`` for ``Case`` or ``models.Case``."""
    if isinstance(node, ast.Name):
        return node.id
    if isinstance(node, ast.Attribute):
        return node.attr
    return None


def _empty_querysets(tree: ast.AST) -> set[int]:
    """``Family.objects.none()`` reads nothing: a placeholder a form or serializer replaces
    with a scoped queryset at run time. Returns the ids of those manager nodes."""
    allowed = set()
    for node in ast.walk(tree):
        if (
            isinstance(node, ast.Call)
            and not node.args
            and isinstance(node.func, ast.Attribute)
            and node.func.attr == "none"
            and isinstance(node.func.value, ast.Attribute)
            and node.func.value.attr in MANAGERS
        ):
            allowed.add(id(node.func.value))
    return allowed


def _manager_uses(tree: ast.AST, guarded: set[str]) -> Iterator[tuple[int, str]]:
    allowed = _empty_querysets(tree)
    for node in ast.walk(tree):
        if isinstance(node, ast.Attribute) and node.attr in MANAGERS and id(node) not in allowed:
            name = _model_name(node.value)
            if name in guarded:
                yield node.lineno, f"{name}.{node.attr}"
        if isinstance(node, ast.Call) and _model_name(node.func) in SHORTCUTS and node.args:
            name = _model_name(node.args[0])
            if name in guarded:
                yield node.lineno, f"{_model_name(node.func)}({name}, …)"


def test_the_rule_has_models_and_modules_to_check(db: None) -> None:
    assert {"Family", "Person", "Signal", "Case", "TimelineEvent"} <= _guarded_models()
    assert {"CaseSupervisionShare", "CaseMember", "Task", "Meeting", "Appeal"} <= _guarded_models()
    assert "Instrument" not in _guarded_models()
    # Every module the URLconf routes to is checked, and every app with views has some.
    assert _routed_modules() <= set(_view_modules())
    apps_with_views = {p.relative_to(KURATOR).parts[0] for p in _view_modules()}
    assert set(GUARDED_APPS) <= apps_with_views
    assert KURATOR / "cases" / "views" / "opening.py" in _view_modules()


@pytest.mark.parametrize("path", _view_modules(), ids=lambda p: str(p.relative_to(ROOT)))
def test_views_reach_records_only_through_access(path: Path) -> None:
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    offences = [
        f"{path.relative_to(ROOT)}:{line}: {what}"
        for line, what in _manager_uses(tree, _guarded_models())
    ]
    assert not offences, (
        "Views and API modules must read through kurator.access / <app>.queries, "
        "not model managers:\n" + "\n".join(offences)
    )


def test_the_manager_check_catches_what_it_should() -> None:
    source = (
        "from kurator.cases import models\n"
        "a = Case.objects.filter(pk=1)\n"
        "b = models.Family._default_manager.all()\n"
        "c = get_object_or_404(Signal, pk=1)\n"
        "d = access.cases_visible_to(user)\n"
        "e = User.objects.all()\n"
        "f = serializers.PrimaryKeyRelatedField(queryset=Family.objects.none())\n"
        "g = Family.objects.none().union(Case.objects.all())\n"
    )
    found = [
        what
        for _line, what in sorted(_manager_uses(ast.parse(source), {"Case", "Family", "Signal"}))
    ]
    assert found == [
        "Case.objects",
        "Family._default_manager",
        "get_object_or_404(Signal, …)",
        "Case.objects",
    ]


def _migrations() -> list[Path]:
    return sorted(p for p in KURATOR.glob("*/migrations/*.py") if p.name != "__init__.py")


def _kurator_imports(tree: ast.AST) -> Iterator[tuple[int, str]]:
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            for alias in node.names:
                if alias.name == "kurator" or alias.name.startswith("kurator."):
                    yield node.lineno, f"import {alias.name}"
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            if node.module == "kurator" or node.module.startswith("kurator."):
                yield node.lineno, f"from {node.module} import …"
        elif isinstance(node, ast.ImportFrom) and node.level > 0:
            yield node.lineno, "relative import"


@pytest.mark.parametrize("path", _migrations(), ids=lambda p: str(p.relative_to(ROOT)))
def test_migrations_do_not_import_kurator_code(path: Path) -> None:
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    offences = [f"{path.relative_to(ROOT)}:{line}: {what}" for line, what in _kurator_imports(tree)]
    assert not offences, (
        "A migration must be self-contained (use apps.get_model in RunPython):\n"
        + "\n".join(offences)
    )


def test_the_migration_check_catches_what_it_should() -> None:
    source = (
        "import kurator.people.names\n"
        "from kurator.core import workdays\n"
        "from django.db import migrations\n"
        "from .helpers import x\n"
    )
    found = [what for _line, what in _kurator_imports(ast.parse(source))]
    assert found == [
        "import kurator.people.names",
        "from kurator.core import …",
        "relative import",
    ]


# --- 3. supervision shares open only masked pages ------------------------------------------


def _functions(tree: ast.AST) -> Iterator[ast.FunctionDef | ast.AsyncFunctionDef]:
    for node in ast.walk(tree):
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
            yield node


def _calls(node: ast.AST, name: str) -> list[ast.Call]:
    return [
        call
        for call in ast.walk(node)
        if isinstance(call, ast.Call) and _model_name(call.func) == name
    ]


def _admits_supervision(call: ast.Call) -> bool:
    return any(
        kw.arg == "supervision"
        and not (isinstance(kw.value, ast.Constant) and kw.value.value is False)
        for kw in call.keywords
    )


def _unmasked_supervision(tree: ast.AST) -> Iterator[tuple[int, str]]:
    for function in _functions(tree):
        admits = [c for c in _calls(function, "get_case") if _admits_supervision(c)]
        if admits and not _calls(function, "mask_for"):
            yield admits[0].lineno, function.name


def _python_modules() -> list[Path]:
    """Kurator's code, without migrations and tests (tests call access directly)."""
    return sorted(
        p for p in KURATOR.rglob("*.py") if "migrations" not in p.parts and "tests" not in p.parts
    )


@pytest.mark.parametrize("path", _python_modules(), ids=lambda p: str(p.relative_to(ROOT)))
def test_supervision_access_always_comes_with_the_surname_mask(path: Path) -> None:
    if path == KURATOR / "access" / "cases.py":
        return  # where the flag is defined
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    offences = [
        f"{path.relative_to(ROOT)}:{line}: {name}" for line, name in _unmasked_supervision(tree)
    ]
    assert not offences, (
        "get_case(…, supervision=True) shows a case to a supervisor: the same function must "
        "ask masking.mask_for and hide surnames:\n" + "\n".join(offences)
    )


def test_the_supervision_check_catches_what_it_should() -> None:
    source = (
        "def leaky(request, pk):\n"
        "    return access.get_case(request.user, pk, supervision=True)\n"
        "def masked(request, pk):\n"
        "    case = access.get_case(request.user, pk, supervision=True)\n"
        "    return mask_for(request.user, case)\n"
        "def plain(request, pk):\n"
        "    return access.get_case(request.user, pk, supervision=False)\n"
    )
    assert [name for _line, name in _unmasked_supervision(ast.parse(source))] == ["leaky"]


def test_only_the_case_page_and_case_api_admit_a_supervision_share() -> None:
    admitting = set()
    for path in _python_modules():
        tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
        for function in _functions(tree):
            if any(_admits_supervision(c) for c in _calls(function, "get_case")):
                admitting.add(f"{path.relative_to(KURATOR)}:{function.name}")
    # The case page and the case and timeline API; widen only with the masking in place.
    assert admitting == {"cases/views/opening.py:case_detail", "cases/api/opening.py:get"}
