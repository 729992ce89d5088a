"""`bayesreg demo`: the main job, end to end with tiny sampler settings."""

import subprocess
import sys

import pytest

from bayesreg.cli import main


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


def test_module_entry_point_help():
    proc = subprocess.run([sys.executable, "-m", "bayesreg", "demo", "--help"], capture_output=True, text=True)
    assert proc.returncode == 0
    for flag in ("--draws", "--tune", "--chains", "--seed", "--out"):
        assert flag in proc.stdout


@pytest.mark.parametrize("args", [["demo", "--draws", "0"], ["demo", "--chains", "x"], ["nosuch"]])
def test_bad_arguments_exit_2_with_one_line(args):
    proc = subprocess.run([sys.executable, "-m", "bayesreg", *args], capture_output=True, text=True)
    assert proc.returncode == 2
    assert "Traceback" not in proc.stderr
    assert "error:" in proc.stderr


def test_demo_command_passes_its_options_to_run_demo(monkeypatch, tmp_path):
    import bayesreg.demo

    seen = {}
    monkeypatch.setattr(bayesreg.demo, "run_demo", lambda **kw: seen.update(kw))
    argv = ["demo", "--draws", "7", "--tune", "3", "--chains", "1", "--seed", "5", "--sampler", "nuts",
            "--out", str(tmp_path)]
    assert main(argv) == 0
    assert seen == dict(draws=7, tune=3, chains=1, cores=None, seed=5, sampler="nuts", out=str(tmp_path))
