"""Measure the model contract of ``src/bayesreg`` (issue 11): module sizes, type dispatch, imports.

Prints, for the package under ``src/bayesreg``:

* every module with its line count (``wc -l``);
* ``isinstance`` / ``type(..) is`` tests (and dicts keyed by class) on a *concrete* prior,
  likelihood, sigma-prior or hyperprior class outside the module that defines it (capability
  classes, whose docstring starts with "Capability:", are not concrete);
* ``hyper_name ==`` string dispatches;
* imports of the package's own modules made inside a function (lazy imports), with the
  comment-marked lazy imports of heavy optional dependencies counted apart;
* import cycles among the package's modules: with module-level imports only, and with
  every import (function-level ones included).

Usage: ``python tools/contract_metrics.py [SRC_DIR]`` (default ``src/bayesreg``).
"""

from __future__ import annotations

import ast
import sys
from pathlib import Path

BASES = {"Prior", "Likelihood", "SigmaPrior", "Hyperprior", "ValueObject", "ABC", "Protocol"}


def module_name(path: Path, root: Path) -> str:
    rel = path.relative_to(root.parent).with_suffix("")
    parts = list(rel.parts)
    if parts[-1] == "__init__":
        parts = parts[:-1]
    return ".".join(parts)


def resolve(mod: str, is_pkg: bool, node: ast.ImportFrom | ast.Import, alias: ast.alias | None, known: set) -> list:
    """Own-package modules a statement imports (the target module, or the submodule when it names one)."""
    out = []
    if isinstance(node, ast.Import):
        for a in node.names:
            if a.name.split(".")[0] == root_pkg:
                out.append(a.name)
        return out
    if node.level:
        base = mod.split(".") if is_pkg else mod.split(".")[:-1]
        base = base[: len(base) - (node.level - 1)]
        target = ".".join(base + ([node.module] if node.module else []))
    else:
        target = node.module or ""
        if target.split(".")[0] != root_pkg:
            return out
    for a in node.names:
        sub = f"{target}.{a.name}"
        out.append(sub if sub in known else target)
    return out


def main(src: str = "src/bayesreg") -> None:
    global root_pkg
    root = Path(src).resolve()
    root_pkg = root.name
    files = sorted(root.rglob("*.py"))
    known = {module_name(f, root) for f in files}
    trees = {f: ast.parse(f.read_text()) for f in files}
    # Concrete model classes and where they are defined.
    defined, capabilities = {}, set()
    for f, tree in trees.items():
        for node in tree.body:
            if isinstance(node, ast.ClassDef):
                names = {getattr(b, "id", getattr(b, "attr", "")) for b in node.bases}
                defined[node.name] = (module_name(f, root), names)
                if (ast.get_docstring(node) or "").startswith("Capability:"):
                    capabilities.add(node.name)
    family = {"Prior", "Likelihood", "SigmaPrior", "Hyperprior"}
    changed = True
    members = set()
    while changed:
        changed = False
        for name, (_, bases) in defined.items():
            if name not in members and (bases & (family | members)):
                members.add(name)
                changed = True
    # Capability classes (docstring "Capability: ...") are protocols a consumer may require.
    concrete = {n for n in members if n not in BASES | capabilities and not n.startswith("_")}
    print("## Modules (wc -l)\n")
    total = 0
    for f in files:
        n = len(f.read_text().splitlines())
        total += n
        print(f"{n:6d} {f.relative_to(root.parent)}")
    print(f"{total:6d} total ({len(files)} modules)\n")
    dispatch, strings = [], []
    lazy, lazy_ok = [], []
    edges_top, edges_all = {}, {}
    for f, tree in trees.items():
        mod = module_name(f, root)
        is_pkg = f.name == "__init__.py"
        lines = f.read_text().splitlines()
        parents = {}
        for node in ast.walk(tree):
            for child in ast.iter_child_nodes(node):
                parents[child] = node

        def in_function(node):
            while node in parents:
                node = parents[node]
                if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda)):
                    return True
            return False

        def in_type_checking(node):
            while node in parents:
                node = parents[node]
                if isinstance(node, ast.If) and "TYPE_CHECKING" in ast.unparse(node.test):
                    return True
            return False

        for node in ast.walk(tree):
            names = set()
            if isinstance(node, ast.Call) and getattr(node.func, "id", "") in ("isinstance", "issubclass"):
                names = {getattr(n, "id", getattr(n, "attr", None)) for n in ast.walk(node.args[1])}
            elif isinstance(node, ast.Compare) and any(isinstance(o, (ast.Is, ast.Eq, ast.IsNot, ast.NotEq)) for o in node.ops):
                text = ast.unparse(node)
                if "type(" in text:
                    names = {getattr(n, "id", None) for n in ast.walk(node)}
                if "hyper_name ==" in text or "hyper_name !=" in text:
                    strings.append(f"{f.relative_to(root.parent)}:{node.lineno}: {text}")
            elif isinstance(node, ast.Dict):
                names = {getattr(k, "id", None) for k in node.keys if k is not None}
            for name in names & concrete:
                if defined[name][0] != mod:
                    dispatch.append((f"{f.relative_to(root.parent)}:{node.lineno}", name))
            if isinstance(node, (ast.Import, ast.ImportFrom)):
                targets = [t for t in resolve(mod, is_pkg, node, None, known) if t != mod]
                if not targets or in_type_checking(node):
                    continue
                fn = in_function(node)
                for t in targets:
                    edges_all.setdefault(mod, set()).add(t)
                    if not fn:
                        edges_top.setdefault(mod, set()).add(t)
                if fn:
                    line = lines[node.lineno - 1]
                    entry = f"{f.relative_to(root.parent)}:{node.lineno}: {line.strip()}"
                    (lazy_ok if "# lazy:" in line else lazy).append(entry)
            elif isinstance(node, ast.Import | ast.ImportFrom):
                pass
    print(f"## isinstance / type dispatch on concrete model classes outside their module: {len(dispatch)}\n")
    by_mod = {}
    for where, name in dispatch:
        by_mod.setdefault(where.split(":")[0], []).append(f"{where.split(':')[1]} {name}")
    for m, hits in sorted(by_mod.items()):
        print(f"  {m} ({len(hits)}): {', '.join(hits)}")
    print(f"\n## hyper_name string dispatch: {len(strings)}\n")
    for s in strings:
        print("  " + s)
    print(f"\n## function-level imports of own modules: {len(lazy)} (plus {len(lazy_ok)} commented lazy imports)\n")
    for s in lazy:
        print("  " + s)
    for label, edges in (("module-level imports", edges_top), ("all imports", edges_all)):
        cycles = strongly_connected(edges)
        print(f"\n## import cycles ({label}): {len(cycles)}\n")
        for c in cycles:
            print("  " + " <-> ".join(sorted(c)))


def strongly_connected(edges):
    index, low, stack, on, out = {}, {}, [], set(), []
    counter = [0]

    def visit(v):
        index[v] = low[v] = counter[0]
        counter[0] += 1
        stack.append(v)
        on.add(v)
        for w in edges.get(v, ()):
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in on:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            comp = set()
            while True:
                w = stack.pop()
                on.discard(w)
                comp.add(w)
                if w == v:
                    break
            if len(comp) > 1:
                out.append(comp)

    sys.setrecursionlimit(10000)
    for v in list(edges):
        if v not in index:
            visit(v)
    return out


root_pkg = "bayesreg"
if __name__ == "__main__":
    main(*sys.argv[1:])
