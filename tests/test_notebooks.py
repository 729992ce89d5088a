"""Every notebook in notebooks/ runs top to bottom on the fast switch (BAYESREG_FAST=1).

Executed with nbclient in the kernel named "python3"; jupyter_client launches it with this
interpreter (a kernelspec argv of "python" is replaced by ``sys.executable``), which an extra
final cell checks by printing ``sys.prefix``. Notebooks must be stored without outputs.
"""

import sys
from pathlib import Path

import pytest

NB_DIR = Path(__file__).resolve().parents[1] / "notebooks"
NOTEBOOKS = sorted(NB_DIR.glob("*.ipynb"))

#: Per-cell limit; each notebook is budgeted at ~60 s on 2 shared cores.
CELL_TIMEOUT_S = 240


def test_there_are_notebooks():
    assert len(NOTEBOOKS) >= 7


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_notebook_is_stored_without_outputs(path):
    import nbformat

    book = nbformat.read(path, as_version=4)
    nbformat.validate(book)
    for cell in book.cells:
        if cell.cell_type == "code":
            assert cell.outputs == [] and cell.execution_count is None, f"{path.name} has stored outputs"


@pytest.mark.slow
@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_notebook_executes(path, monkeypatch):
    import nbformat
    from nbclient import NotebookClient

    monkeypatch.setenv("BAYESREG_FAST", "1")
    monkeypatch.setenv("MPLBACKEND", "Agg")
    book = nbformat.read(path, as_version=4)
    book.cells.append(nbformat.v4.new_code_cell("import sys\nprint(sys.prefix)"))
    client = NotebookClient(book, kernel_name="python3", timeout=CELL_TIMEOUT_S,
                            resources={"metadata": {"path": str(NB_DIR)}})
    client.execute()
    last = book.cells[-1].outputs
    printed = "".join(o.get("text", "") for o in last if o.get("output_type") == "stream").strip()
    assert printed == sys.prefix, f"kernel ran {printed!r}, not this interpreter's {sys.prefix!r}"
    for cell in book.cells:
        for out in cell.get("outputs", []):
            assert out.get("output_type") != "error", f"{path.name}: {out.get('ename')}: {out.get('evalue')}"
