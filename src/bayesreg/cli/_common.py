"""What every subcommand shares: the parser class, argument types, messages, warnings.

Messages: errors are one line on stderr, ``bayesreg: error: ...``, exit status 2; notes
(``note: ...``) and warnings (``warning: ...``, one line, no file path) go to stdout with
the results. Library messages are rewritten in command-line terms (``sampler='nuts'`` ->
``--sampler nuts``). Nothing here imports numpy or anything heavier: ``bayesreg --help``
must stay fast.
"""

from __future__ import annotations

import argparse
import contextlib
import logging
import re
import sys
import warnings
from dataclasses import dataclass

__all__ = ["PREFIX", "OneLineParser", "int_at_least", "positive_int", "non_negative_int", "unit_float",
           "open_unit_float", "positive_float", "GammaSpec", "alpha_value", "HalfCauchySpec", "sigma_prior_value",
           "LikelihoodSpec", "likelihood_value",
           "cli_terms", "one_line_warnings", "error_line"]

PREFIX = "bayesreg"


class OneLineParser(argparse.ArgumentParser):
    """argparse with one-line errors: ``bayesreg: error: ... (see bayesreg fit --help)``, status 2."""

    def error(self, message):
        self.exit(2, f"{PREFIX}: error: {message} (see {self.prog} --help)\n")


def int_at_least(low: int, what: str):
    """An argparse type: an integer ``>= low``, described as ``what`` ("a positive integer") in the error."""

    def parse(text: str) -> int:
        try:
            value = int(text)
        except ValueError:
            raise argparse.ArgumentTypeError(f"expected {what}, got {text!r}") from None
        if value < low:
            raise argparse.ArgumentTypeError(f"expected {what}, got {value}")
        return value

    return parse


positive_int = int_at_least(1, "a positive integer")
non_negative_int = int_at_least(0, "a non-negative integer")


def _float_in(test, what: str):
    def parse(text: str) -> float:
        try:
            value = float(text)
        except ValueError:
            raise argparse.ArgumentTypeError(f"expected {what}, got {text!r}") from None
        if not test(value):
            raise argparse.ArgumentTypeError(f"expected {what}, got {text!r}")
        return value

    return parse


unit_float = _float_in(lambda v: 0.0 <= v <= 1.0, "a number in [0, 1]")
open_unit_float = _float_in(lambda v: 0.0 < v < 1.0, "a number strictly between 0 and 1")
positive_float = _float_in(lambda v: 0.0 < v < float("inf"), "a positive number")


@dataclass(frozen=True)
class GammaSpec:
    """``--alpha gamma:SHAPE,RATE``: a Gamma hyperprior, built by the command (no import here)."""

    shape: float
    rate: float

    def __repr__(self):
        return f"gamma:{self.shape:g},{self.rate:g}"


_ALPHA_WORDS = {"auto": "auto", "empirical_bayes": "empirical_bayes", "empirical-bayes": "empirical_bayes",
                "eb": "empirical_bayes"}
_ALPHA_FORMS = "a positive number, auto, empirical_bayes or gamma:SHAPE,RATE"


def alpha_value(text: str):
    """``--alpha``: a positive float, "auto", "empirical_bayes" or :class:`GammaSpec`."""
    word = text.strip().lower()
    if word in _ALPHA_WORDS:
        return _ALPHA_WORDS[word]
    if word.startswith("gamma:"):
        parts = word[len("gamma:"):].split(",")
        try:
            shape, rate = (float(p) for p in parts)
        except ValueError:
            raise argparse.ArgumentTypeError(f"expected gamma:SHAPE,RATE with two positive numbers (e.g. gamma:1,1.78), "
                                             f"got {text!r}") from None
        if not (0 < shape < float("inf") and 0 < rate < float("inf")):
            raise argparse.ArgumentTypeError(f"expected gamma:SHAPE,RATE with two positive numbers, got {text!r}")
        return GammaSpec(shape, rate)
    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected {_ALPHA_FORMS}, got {text!r}") from None
    if not 0 < value < float("inf"):
        raise argparse.ArgumentTypeError(f"expected {_ALPHA_FORMS}, got {text!r}")
    return value


@dataclass(frozen=True)
class HalfCauchySpec:
    """``--sigma-prior halfcauchy:SCALE``."""

    scale: float

    def __repr__(self):
        return f"halfcauchy:{self.scale:g}"


def sigma_prior_value(text: str):
    """``--sigma-prior``: "jeffreys" or :class:`HalfCauchySpec`."""
    word = text.strip().lower()
    if word == "jeffreys":
        return "jeffreys"
    if word.startswith(("halfcauchy:", "half-cauchy:")):
        try:
            return HalfCauchySpec(positive_float(word.split(":", 1)[1]))
        except argparse.ArgumentTypeError:
            pass
    raise argparse.ArgumentTypeError(f"expected jeffreys or halfcauchy:SCALE (SCALE > 0, in the units of the "
                                     f"target), got {text!r}")


@dataclass(frozen=True)
class LikelihoodSpec:
    """``--likelihood gaussian | laplace | student-t[:NU]``."""

    kind: str
    nu: float | None = None

    def __repr__(self):
        return self.kind + (f":{self.nu:g}" if self.nu is not None else "")


def likelihood_value(text: str) -> LikelihoodSpec:
    """``--likelihood``: gaussian, laplace or student-t[:NU] (NU > 0 degrees of freedom, default 4)."""
    word = text.strip().lower()
    if word in ("gaussian", "laplace", "student-t"):
        return LikelihoodSpec(word, 4.0 if word == "student-t" else None)
    if word.startswith("student-t:"):
        try:
            return LikelihoodSpec("student-t", positive_float(word.split(":", 1)[1]))
        except argparse.ArgumentTypeError:
            pass
    raise argparse.ArgumentTypeError(f"expected gaussian, laplace or student-t[:NU] (NU > 0), got {text!r}")


#: Parameter names of the estimators -> the option that sets them.
_OPTIONS = {"alpha": "--alpha", "l1_ratio": "--l1-ratio", "sampler": "--sampler", "laplace_form": "--laplace-form",
            "sigma_prior": "--sigma-prior", "draws": "--draws", "tune": "--tune", "chains": "--chains",
            "cores": "--cores", "global_scale": "--global-scale", "level": "--level", "random_state": "--seed",
            "target_accept": "--target-accept"}
_PARAMETER = re.compile(r"The '(\w+)' parameter of [\w.]+")
# Quoted values only, and not inside a repr such as GaussianPrior(alpha=1.0) or Foo(kind='x').
_ASSIGN = re.compile(r"(?<!\w\()\b(\w+)='([^']*)'")


#: Library phrases -> their command-line wording (SamplingWarning, tuning errors).
_PHRASES = {
    "use chains >= 2": "use --chains 2 or more",
    "increase draws and tune": "increase --draws and --tune",
    "raise target_accept": "raise --target-accept",
    "The numbers are in diagnostics_.": "The numbers are in summary.json.",
    "Give alpha as a number": "Give --alpha a number",
    "give alpha as a number": "give --alpha a number",
    "use fewer folds": "use fewer --cv-folds",
}


def cli_terms(message: str) -> str:
    """A library message in command-line terms: ``The 'sampler' parameter of BayesRidge`` -> ``--sampler``,
    ``sampler='nuts'`` -> ``--sampler nuts``. Names without an option are left alone."""

    def parameter(m):
        return _OPTIONS.get(m.group(1), m.group(0))

    def assign(m):
        option = _OPTIONS.get(m.group(1))
        return f"{option} {m.group(2)}" if option else m.group(0)

    for phrase, words in _PHRASES.items():
        message = message.replace(phrase, words)
    return _ASSIGN.sub(assign, _PARAMETER.sub(parameter, message))


def error_line(exc: BaseException) -> str:
    """``bayesreg: error: <message on one line, in command-line terms>``."""
    return f"{PREFIX}: error: {cli_terms(' '.join(str(exc).split()))}"


class _StdoutHandler(logging.Handler):
    """Logged warnings (PyMC's among them) as ``warning: ...`` lines on the current stdout."""

    def __init__(self, emit_line):
        super().__init__(logging.WARNING)
        self._emit_line = emit_line

    def emit(self, record):
        self._emit_line(record.getMessage())


@contextlib.contextmanager
def one_line_warnings():
    """Print each distinct warning once as ``warning: <message>`` (no file path, no source line);
    route logged warnings the same way and keep PyMC's INFO chatter off the screen."""
    seen = set()

    def emit(text):
        text = cli_terms(" ".join(str(text).split()))
        if text not in seen:
            seen.add(text)
            print(f"warning: {text}", file=sys.stdout, flush=True)

    def show(message, category, filename, lineno, file=None, line=None):
        emit(message)

    handler = _StdoutHandler(emit)
    root = logging.getLogger()
    pymc_logger = logging.getLogger("pymc")
    old_level = pymc_logger.level
    # PyMC sets its logger to INFO on import unless the root logger has a handler: ours is there first.
    root.addHandler(handler)
    pymc_logger.setLevel(logging.WARNING)
    with warnings.catch_warnings():
        warnings.simplefilter("always")
        # Announcements of other packages' plans, not about the user's fit.
        warnings.filterwarnings("ignore", message=r"\s*ArviZ is undergoing a major refactor", category=FutureWarning)
        warnings.showwarning = show
        try:
            yield
        finally:
            root.removeHandler(handler)
            pymc_logger.setLevel(old_level)
