"""The ``bayesreg`` command itself: help, version, registration, messages, lazy imports; `bayesreg demo`."""

import json
import subprocess
import sys
import warnings

import pytest

import bayesreg
from bayesreg.cli import COMMANDS, build_parser, main
from bayesreg.cli._common import cli_terms, one_line_warnings

#: What `bayesreg --help` must not import (each costs 0.1-1.5 s; together ~2 s before issue 13).
HEAVY = ("numpy", "pandas", "scipy", "sklearn", "pymc", "pytensor", "arviz", "matplotlib", "numba", "xarray")

#: The public names of bayesreg before its top level became lazy: none may go missing.
PUBLIC = {"BayesRidge", "BayesLasso", "BayesElasticNet", "BayesHorseshoe", "BayesRegression",
          "BayesLogisticRegression", "BernoulliLikelihood", "LogisticModel", "GaussianLikelihood", "LaplaceLikelihood",
          "StudentTLikelihood", "GaussianPrior", "LaplacePrior", "ParkCasellaLaplacePrior", "ElasticNetPrior",
          "HorseshoePrior", "StudentTPrior", "JeffreysSigma", "HalfCauchySigma", "Model", "MAPResult", "map_estimate",
          "map_path", "alpha_max", "mapping", "SufficientStatistics", "compare"}


def _python(code):
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert proc.returncode == 0, proc.stderr
    return proc.stdout


def test_help_imports_nothing_heavy_for_any_registered_command():
    """The parser of every command (fit, demo and those other modules register) is built without
    numpy or anything above it: that is what keeps `bayesreg --help` well under a second."""
    code = ("import sys, json; from bayesreg.cli import build_parser; build_parser(); "
            f"print(json.dumps(sorted(m for m in {HEAVY!r} if m in sys.modules)))")
    assert json.loads(_python(code)) == []


def test_package_top_level_is_lazy_and_complete():
    code = ("import sys, json, bayesreg; before = sorted(m for m in %r if m in sys.modules); "
            "from bayesreg import BayesLasso; import bayesreg as b; "
            "print(json.dumps([before, BayesLasso.__module__, 'sklearn' in sys.modules, sorted(b.__all__)]))" % (HEAVY,))
    before, module, sklearn_loaded, names = json.loads(_python(code))
    assert before == []
    assert module.startswith("bayesreg.estimators") and sklearn_loaded
    assert set(names) == PUBLIC


@pytest.mark.parametrize("name", sorted(PUBLIC))
def test_every_public_name_resolves(name):
    value = getattr(bayesreg, name)
    assert value is getattr(bayesreg, name)  # cached after the first access
    assert name in dir(bayesreg)
    if name != "mapping":
        assert value.__name__ == name


def test_unknown_attribute_is_an_attribute_error():
    with pytest.raises(AttributeError, match="has no attribute 'nope'|No bayesreg attribute nope"):
        bayesreg.nope  # noqa: B018
    from bayesreg import plots  # submodules outside __all__ still import

    assert plots.__name__ == "bayesreg.plots"


def test_eager_import_resolves_every_entry():
    """lazy_loader's EAGER_IMPORT: a table entry naming a missing module or attribute fails here."""
    import os

    env = {**os.environ, "EAGER_IMPORT": "1"}
    proc = subprocess.run([sys.executable, "-c", "import bayesreg, sys; print('bayesreg.estimators' in sys.modules)"],
                          capture_output=True, text=True, env=env)
    assert proc.returncode == 0 and proc.stdout.strip() == "True", proc.stderr


def test_bare_command_prints_help_and_version_works(capsys):
    assert main([]) == 0
    out = capsys.readouterr().out
    assert out.startswith("usage: bayesreg") and "fit" in out and "demo" in out
    assert main(["--version"]) == 0
    assert capsys.readouterr().out.strip() == f"bayesreg {bayesreg.__version__}"


def test_bare_command_as_a_process_exits_0_with_help():
    proc = subprocess.run([sys.executable, "-m", "bayesreg"], capture_output=True, text=True)
    assert proc.returncode == 0 and proc.stdout.startswith("usage: bayesreg") and proc.stderr == ""


def test_module_entry_point_help():
    proc = subprocess.run([sys.executable, "-m", "bayesreg", "demo", "--help"], capture_output=True, text=True)
    assert proc.returncode == 0
    for flag in ("--draws", "--tune", "--chains", "--seed", "--out", "--cv-folds", "--cv-rule", "one standard error"):
        assert flag in proc.stdout


def test_every_registered_command_follows_the_module_contract():
    parser = build_parser()
    sub = next(a for a in parser._actions if a.dest == "command")
    assert set(sub.choices) == set(COMMANDS)
    for name, command in sub.choices.items():
        assert command.get_default("_run") is not None, name
        assert command.description and "\n\n" not in command.description[:2], name


def test_a_new_subcommand_registers_in_one_line(monkeypatch, tmp_path, capsys):
    """What issues 12 and 15 do for `compare` and `explore`: one COMMANDS entry, and the command gets
    the shared help, error line and warning format."""
    module = tmp_path / "bayesreg_hello_cmd.py"
    module.write_text(
        '"""Say hello.\n\nSay hello to --name."""\n'
        "import warnings\n"
        "def add_arguments(parser):\n    parser.add_argument('--name', required=True)\n"
        "def run(args):\n"
        "    if args.name == 'bad':\n        raise ValueError(\"use sampler='nuts' instead\")\n"
        "    warnings.warn('careful\\n  now', UserWarning)\n    print('hello', args.name)\n    return 0\n"
    )
    monkeypatch.syspath_prepend(str(tmp_path))
    monkeypatch.setitem(COMMANDS, "hello", "bayesreg_hello_cmd")
    assert main(["--help"]) == 0
    assert "hello     say hello" in capsys.readouterr().out
    assert main(["hello", "--name", "you"]) == 0
    assert capsys.readouterr().out == "warning: careful now\nhello you\n"
    assert main(["hello", "--name", "bad"]) == 2
    assert capsys.readouterr().err == "bayesreg: error: use --sampler nuts instead\n"
    assert main(["hello"]) == 2
    assert capsys.readouterr().err == ("bayesreg: error: the following arguments are required: --name "
                                       "(see bayesreg hello --help)\n")


@pytest.mark.parametrize("args", [["demo", "--draws", "0"], ["demo", "--chains", "x"], ["nosuch"],
                                  ["demo", "--cv-folds", "1"], ["demo", "--cv-rule", "max"]])
def test_bad_arguments_exit_2_with_one_line(args):
    proc = subprocess.run([sys.executable, "-m", "bayesreg", *args], capture_output=True, text=True)
    assert proc.returncode == 2
    lines = proc.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("bayesreg: error: ") and "Traceback" not in proc.stderr


def test_cli_terms_rewrites_library_parameters():
    assert cli_terms("The 'alpha' parameter of BayesLasso must be a float. Got -1 instead.") == (
        "--alpha must be a float. Got -1 instead.")
    assert cli_terms("use sampler='nuts' (any model) or 'auto'") == "use --sampler nuts (any model) or 'auto'"
    assert cli_terms("the alpha form (laplace_form='alpha')") == "the alpha form (--laplace-form alpha)"
    # reprs and unknown names stay as they are
    assert cli_terms("cannot sample GaussianPrior(alpha=1.0) or Foo(sampler='x'); nothing='here'") == (
        "cannot sample GaussianPrior(alpha=1.0) or Foo(sampler='x'); nothing='here'")


def test_cli_terms_rewrites_the_sampling_warning_fixes():
    text = ("BayesLasso (nuts): 3 divergent transitions. Fix: increase draws and tune, raise target_accept (e.g. 0.95 "
            "or 0.99), or use sampler='gibbs' / 'exact' where the model allows. The numbers are in diagnostics_.")
    assert cli_terms(text) == (
        "BayesLasso (nuts): 3 divergent transitions. Fix: increase --draws and --tune, raise --target-accept (e.g. "
        "0.95 or 0.99), or use --sampler gibbs / 'exact' where the model allows. The numbers are in summary.json.")


def test_one_line_warnings_drop_paths_and_duplicates(capsys):
    import logging

    with one_line_warnings():
        warnings.warn("first\n   second", UserWarning)
        warnings.warn("first second", UserWarning)
        warnings.warn("ArviZ is undergoing a major refactor", FutureWarning)  # an announcement: hidden
        logging.getLogger("pymc").info("Sequential sampling (2 chains in 1 job)")  # INFO chatter: hidden
        logging.getLogger("pymc").warning("There were 3 divergences")
    out = capsys.readouterr().out
    assert out == "warning: first second\nwarning: There were 3 divergences\n"


def test_demo_command_passes_its_options_to_run_demo(monkeypatch, tmp_path):
    import bayesreg.demo

    seen = {}
    monkeypatch.setattr(bayesreg.demo, "run_demo", lambda **kw: seen.update(kw))
    argv = ["demo", "--draws", "7", "--tune", "3", "--chains", "1", "--seed", "5", "--sampler", "nuts",
            "--out", str(tmp_path), "--cv-folds", "4", "--cv-rule", "min"]
    assert main(argv) == 0
    assert seen == dict(draws=7, tune=3, chains=1, cores=None, seed=5, sampler="nuts", out=str(tmp_path),
                        cv_folds=4, cv_rule="min")


def test_cli_defaults_equal_the_library_defaults():
    """The CLI keeps copies (no numpy at --help); they must not drift."""
    from bayesreg import tuning
    from bayesreg.cli import _options

    assert _options.CV_RULES == tuning.CV_RULES and _options.DEFAULT_CV_RULE == tuning.DEFAULT_CV_RULE
    assert _options.DEFAULT_CV_FOLDS == tuning.DEFAULT_CV_FOLDS


@pytest.mark.slow
@pytest.mark.filterwarnings("ignore::bayesreg.exceptions.SamplingWarning")  # 60 draws: deliberately tiny
def test_demo_prints_three_tables_and_writes_the_figure(tmp_path):
    from bayesreg.demo import run_demo

    out = tmp_path / "demo"
    lines = []
    run_demo(draws=60, tune=60, chains=2, cores=1, out=out, fast_figures=True, echo=lines.append)
    text = "\n".join(lines)
    for title in ("Bayesian ridge", "Bayesian lasso", "Bayesian elastic net"):
        assert title in text
    for feature in ("age", "sex", "bmi", "bp", "s1", "s6"):
        assert feature in text
    assert "one-standard-error rule of each twin's shuffled (seed 0) 10-fold cross-validation" in text
    assert text.count("max |MAP - twin| / max |twin| = ") == 3
    rel = [float(line.split("= ")[1].split()[0]) for line in text.splitlines() if line.startswith("max |MAP")]
    assert max(rel) <= 1e-8
    assert "max r_hat" in text and "min ess_bulk" in text
    png = out / "demo.png"
    assert png.exists() and png.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    for name in ("ridge", "lasso", "elasticnet"):
        assert (out / f"{name}.csv").exists()
    for name in ("priors", "geometry", "paths"):
        assert (out / f"{name}.png").read_bytes()[:4] == b"\x89PNG"


def test_a_bare_cli_fit_links_the_system_openblas_like_make_demo(tmp_path):
    """``bayesreg fit`` run without the Makefile's PYTENSOR_FLAGS still gives PyTensor the OpenBLAS
    that ``tools/pytensor-flags.sh`` finds (else NUTS warns "could not link to a BLAS" and is slower)."""
    import os
    from pathlib import Path

    script = Path(__file__).resolve().parents[1] / "tools" / "pytensor-flags.sh"
    env = {k: v for k, v in os.environ.items() if k != "PYTENSOR_FLAGS"}
    expected = subprocess.run(["bash", str(script)], capture_output=True, text=True, env=env).stdout
    if "blas__ldflags" not in expected:
        pytest.skip("no linkable libopenblas.so on this machine")
    csv = tmp_path / "d.csv"
    csv.write_text("a,b,y\n" + "".join(f"{i % 7},{(i * 3) % 5},{i % 7 + 0.3 * ((i * 5) % 4)}\n" for i in range(20)))
    code = ("import sys; from bayesreg.cli import main; "
            f"rc = main(['fit', {str(csv)!r}, '--target', 'y', '--model', 'ridge', '--alpha', '1', "
            f"'--draws', '50', '--out', {str(tmp_path / 'out')!r}]); "
            "import pytensor; print('LDFLAGS=' + pytensor.config.blas__ldflags); sys.exit(rc)")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env, timeout=300)
    assert done.returncode == 0, done.stderr
    assert "LDFLAGS=-lopenblas" in done.stdout


@pytest.mark.parametrize("model", ["lasso", "ridge", "enet"])
@pytest.mark.parametrize("alpha", ["1e308", "1e-310"])
def test_an_unrepresentable_alpha_is_the_librarys_one_line_error_exit_2(tmp_path, capsys, alpha, model):
    # The library's own check (Model.check_scales) raises before any numerics; the command only
    # rewords "The 'alpha' parameter of BayesLasso" as "--alpha".
    csv = tmp_path / "d.csv"
    csv.write_text("a,b,y\n" + "".join(f"{i % 7},{(i * 3) % 5},{i % 7 + 0.3 * ((i * 5) % 4)}\n" for i in range(20)))
    rc = main(["fit", str(csv), "--target", "y", "--model", model, "--alpha", alpha, "--draws", "50",
               "--out", str(tmp_path / "o")])
    err = capsys.readouterr().err
    assert rc == 2 and err.count("\n") == 1
    assert err.startswith("bayesreg: error: --alpha must be a float in the range [")
    assert "prior scale" in err and f"Got {float(alpha)!r} instead." in err


def test_a_numerical_failure_while_fitting_is_still_one_line_exit_2(tmp_path, capsys, monkeypatch):
    # The safety net for what no parameter check foresees (an ArithmeticError from the numerics).
    from bayesreg.estimators._base import BayesEstimatorBase

    def fail(self, *args, **kwargs):
        raise FloatingPointError("Chain 0: the Cholesky factorization failed at sweep 3.")

    monkeypatch.setattr(BayesEstimatorBase, "fit", fail)
    csv = tmp_path / "d.csv"
    csv.write_text("a,b,y\n" + "".join(f"{i % 7},{(i * 3) % 5},{i % 7 + 0.3 * ((i * 5) % 4)}\n" for i in range(20)))
    rc = main(["fit", str(csv), "--target", "y", "--alpha", "1", "--draws", "50", "--out", str(tmp_path / "o")])
    err = capsys.readouterr().err
    assert rc == 2 and err.count("\n") == 1
    assert err.startswith("bayesreg: error: numerical failure while fitting (FloatingPointError: Chain 0") and "--alpha" in err
