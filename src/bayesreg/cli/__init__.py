"""Command line: a thin layer over the public API (``bayesreg demo``, ``bayesreg fit``, ...).

Each subcommand is a module with ``add_arguments(parser)`` and ``run(args) -> int``; its
docstring's first line is the one-line help and the rest the description (or the module's
``HELP`` and ``DESCRIPTION`` strings). Registering one is one line in :data:`COMMANDS`. The modules must import nothing heavy at their top level
(numpy, pandas, scikit-learn, PyMC, ArviZ: inside ``run`` only) so that ``bayesreg --help``
stays under a second; ``tests/test_cli.py`` checks it for every registered command.

:func:`main` gives every subcommand the same conventions (:mod:`bayesreg.cli._common`):
errors are one line ``bayesreg: error: ...`` with exit status 2 (ValueError, TypeError and
OSError raised by ``run``, and argparse's usage errors), never a traceback; warnings print
once each as ``warning: ...``; library messages are put in command-line terms.
"""

from __future__ import annotations

import argparse
import importlib
import re
import sys
import textwrap

from ._common import PREFIX, OneLineParser, error_line, one_line_warnings

__all__ = ["main", "build_parser", "COMMANDS"]

#: subcommand -> module (absolute or relative to this package) exposing add_arguments and run.
COMMANDS = {
    "demo": ".demo",
    "fit": ".fit",
    "explore": "bayesreg.explore.command",
    "compare": ".compare",
}


def _version() -> str:
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version("bayesreg")
    except PackageNotFoundError:  # pragma: no cover - running from a source tree
        return "unknown"


def _paragraphs(text: str) -> str:
    """Each blank-line-separated paragraph refilled to 88 columns (``%%`` written for argparse's
    %-formatting shown as ``%``)."""
    return "\n\n".join(textwrap.fill(" ".join(par.split()), 88) for par in text.replace("%%", "%").split("\n\n"))


def build_parser() -> argparse.ArgumentParser:
    """The ``bayesreg`` parser with every command of :data:`COMMANDS`."""
    parser = OneLineParser(
        prog=PREFIX,
        description="The Bayesian view of regularized linear regression: ridge, lasso, elastic net and horseshoe "
                    "posteriors next to their scikit-learn twins.",
        epilog="Run 'bayesreg COMMAND --help' for a command's options.",
    )
    parser.add_argument("--version", action="version", version=f"%(prog)s {_version()}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=OneLineParser)
    for name, where in COMMANDS.items():
        module = importlib.import_module(where, __name__)
        summary, _, details = (module.__doc__ or name).strip().partition("\n")
        summary = getattr(module, "HELP", re.sub(r"^``bayesreg \w+``: ", "", summary)).rstrip(".")
        description = getattr(module, "DESCRIPTION", None) or details.strip() or summary
        command = sub.add_parser(name, help=summary[:1].lower() + summary[1:], description=_paragraphs(description),
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
        module.add_arguments(command)
        if command.epilog:  # the raw formatter keeps the docstring's lines; wrap the epilog here
            command.epilog = textwrap.fill(command.epilog, 88)
        command.set_defaults(_run=module.run)
    return parser


def _link_openblas() -> None:
    """Point PyTensor at the system OpenBLAS before anything imports it, as ``make demo`` and the
    test suite do (``tools/pytensor-flags.sh``): where ``libopenblas.so`` is linkable and
    ``PYTENSOR_FLAGS`` names no BLAS, add ``blas__ldflags=-lopenblas``. Without it a bare
    ``bayesreg fit --sampler nuts`` prints PyTensor's BLAS warning and samples ~1.4x slower."""
    import os
    import shutil
    import subprocess

    flags = os.environ.get("PYTENSOR_FLAGS", "")
    if "pytensor" in sys.modules or "blas__ldflags" in flags:
        return
    ldconfig = shutil.which("ldconfig") or next((p for p in ("/sbin/ldconfig", "/usr/sbin/ldconfig")
                                                  if os.path.exists(p)), None)
    if ldconfig is None:
        return
    try:
        listing = subprocess.run([ldconfig, "-p"], capture_output=True, text=True, timeout=10).stdout
    except (OSError, subprocess.SubprocessError):
        return
    if re.search(r"\blibopenblas\.so ", listing):
        os.environ["PYTENSOR_FLAGS"] = f"{flags},blas__ldflags=-lopenblas" if flags else "blas__ldflags=-lopenblas"


def main(argv=None) -> int:
    """Entry point of the ``bayesreg`` command. Returns the exit status.

    ``bayesreg`` alone prints the help. User errors exit with status 2 and one line on
    stderr, never a traceback; Ctrl-C exits with 130.
    """
    parser = build_parser()
    argv = sys.argv[1:] if argv is None else list(argv)
    if not argv:
        parser.print_help()
        return 0
    try:
        args = parser.parse_args(argv)
    except SystemExit as exc:  # --help / --version (0) or a usage error (2, one line already printed)
        return int(exc.code or 0)
    if args.command is None:  # options but no command, e.g. "bayesreg --seed 1"
        parser.print_help()
        return 2
    _link_openblas()
    try:
        with one_line_warnings():
            return int(args._run(args) or 0)
    except (ValueError, TypeError, OSError) as exc:
        print(error_line(exc), file=sys.stderr)
        return 2
    except ArithmeticError as exc:  # FloatingPointError, ZeroDivisionError, OverflowError from the numerics
        detail = " ".join(str(exc).split()) or "no detail"
        print(f"{PREFIX}: error: numerical failure while fitting ({type(exc).__name__}: {detail}); extreme "
              "option values, such as a very large or very small --alpha, can cause this: try values nearer "
              "the data's scale.", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print(f"{PREFIX}: interrupted", file=sys.stderr)
        return 130


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
