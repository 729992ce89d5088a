"""numpydoc validation of the public API (the docstring examples run as doctests: pyproject's
``--doctest-modules``).

Every public object (the ``__all__`` of ``bayesreg`` and of its public modules) and every
public method defined on a public class must have a docstring whose Parameters section
lists exactly the signature's parameters in order (numpydoc PR01/PR02/PR03), a Returns or
Yields section when it returns or yields something (RT01/YD01), and a Raises section
naming each exception the function raises itself (a ``raise Name(...)`` in its own body;
exceptions raised by the validators it calls are not seen). Result classes built by the
library (dataclasses) may document their fields under Attributes instead of Parameters.
An override without a docstring of its own inherits the documented contract of the base
method it overrides (as Sphinx does), which is checked there.
"""

import ast
import dataclasses
import importlib
import inspect
import textwrap

import pytest
from numpydoc.docscrape import FunctionDoc, NumpyDocString
from numpydoc.validate import validate

MODULES = ["bayesreg", "bayesreg.map", "bayesreg.posterior", "bayesreg.testing", "bayesreg.mapping",
           "bayesreg.hyperpriors", "bayesreg.noise", "bayesreg.summary", "bayesreg.plots", "bayesreg.priors",
           "bayesreg.likelihoods"]
CODES = {"GL08", "PR01", "PR02", "PR03", "RT01", "YD01"}


def _inherits_doc(cls, name):
    """True when ``cls.name`` has no docstring of its own and overrides a documented base method."""
    own = vars(cls)[name]
    own = getattr(own, "__func__", own)
    if isinstance(own, property):
        own = own.fget
    if getattr(own, "__doc__", None):
        return False
    return any(name in vars(base) and inspect.getdoc(getattr(base, name)) for base in cls.__mro__[1:])


def _public_objects():
    seen, names = set(), []
    for mod_name in MODULES:
        mod = importlib.import_module(mod_name)
        for attr in getattr(mod, "__all__", []):
            obj = getattr(mod, attr)
            if inspect.ismodule(obj) or not hasattr(obj, "__qualname__") or id(obj) in seen:
                continue
            if not (inspect.isclass(obj) or inspect.isfunction(obj)):
                continue
            seen.add(id(obj))
            qual = f"{obj.__module__}.{obj.__qualname__}"
            names.append(qual)
            if inspect.isclass(obj):
                for name in dir(obj):
                    owner = next((c for c in obj.__mro__ if name in vars(c)), None)
                    if (name.startswith("_") or owner is None or not owner.__module__.startswith("bayesreg")
                            or _inherits_doc(owner, name)):
                        continue
                    member = vars(owner)[name]
                    member = getattr(member, "__func__", member)
                    if inspect.isfunction(member) and id(member) not in seen:
                        seen.add(id(member))
                        names.append(f"{owner.__module__}.{owner.__qualname__}.{name}")
    return sorted(names)


def _resolve(qualname):
    parts = qualname.split(".")
    for i in range(len(parts), 0, -1):
        try:
            obj = importlib.import_module(".".join(parts[:i]))
        except ImportError:
            continue
        for part in parts[i:]:
            obj = getattr(obj, part)
        return obj
    raise ImportError(qualname)


def _raised_names(func):
    """Names of the exceptions that ``func`` raises in its own body (not in nested functions)."""
    try:
        source = textwrap.dedent(inspect.getsource(func))
    except (OSError, TypeError):
        return set()
    tree = ast.parse(source).body[0]
    names = set()

    def visit(node):
        for child in ast.iter_child_nodes(node):
            if isinstance(child, (ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda, ast.ClassDef)):
                continue
            if isinstance(child, ast.Raise) and isinstance(child.exc, ast.Call):
                target = child.exc.func
                if isinstance(target, ast.Name):
                    names.add(target.id)
                elif isinstance(target, ast.Attribute):
                    names.add(target.attr)
            visit(child)

    visit(tree)
    return names


def _documented_raises(obj):
    doc = NumpyDocString(inspect.getdoc(obj) or "")
    # numpydoc parses a Raises entry "ValueError" as a type with an empty name
    return {name.strip() for entry in doc["Raises"] for name in (entry.type or entry.name).split(",")}


def _dataclass_fields_documented(obj):
    if not (inspect.isclass(obj) and dataclasses.is_dataclass(obj)):
        return False
    doc = NumpyDocString(inspect.getdoc(obj) or "")
    documented = {n.strip() for p in doc["Attributes"] + doc["Parameters"] for n in p.name.split(",")}
    return {f.name for f in dataclasses.fields(obj) if f.init} <= documented


PUBLIC = _public_objects()


def test_the_public_api_is_found():
    assert any(q.endswith(".fit") for q in PUBLIC) and any(q.endswith(".map_path") for q in PUBLIC)
    assert len(PUBLIC) > 80


@pytest.mark.parametrize("qualname", PUBLIC)
def test_numpydoc_sections_match_the_signature(qualname):
    errors = docstring_errors(qualname)
    if errors:
        pytest.fail("\n".join(f"{code}: {msg}" for code, msg in errors), pytrace=False)


def docstring_errors(qualname):
    """[(code, message)] for one public object (numpydoc codes, and RS01 for Raises)."""
    obj = _resolve(qualname)
    errors = [(code, msg) for code, msg in validate(qualname)["errors"] if code in CODES]
    if _dataclass_fields_documented(obj):
        errors = [(c, m) for c, m in errors if c not in {"PR01", "PR02", "PR03"}]
    func = obj.__init__ if inspect.isclass(obj) else obj
    missing = _raised_names(func) - _documented_raises(obj) - {"NotImplementedError"}
    if missing:
        errors.append(("RS01", f"Raises section does not name {sorted(missing)}"))
    return errors


def test_the_raises_check_can_fail():
    def documented(x):
        """Do a thing.

        Parameters
        ----------
        x : float
            A number.

        Raises
        ------
        ValueError
            If ``x`` is negative.
        """
        if x < 0:
            raise ValueError("x")

    def undocumented(x):
        """Do a thing."""
        if x < 0:
            raise TypeError("x")

    assert _raised_names(documented) <= _documented_raises(documented)
    assert _raised_names(undocumented) - _documented_raises(undocumented) == {"TypeError"}
    assert FunctionDoc(documented)["Parameters"][0].name == "x"
