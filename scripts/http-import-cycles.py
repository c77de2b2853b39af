#!/usr/bin/env python3
"""Finds import cycles among the modules of src/http (docs/architecture.md).

Every `crate::http::…` and `super::…` path in a file (in `use` lines or in
code) is an edge from that file's module to the deepest module the path names;
`mod` declarations are not edges, and test code (`tests.rs`, `proptests.rs`,
an inline `#[cfg(test)] mod tests`) is left out. The graph is checked twice:
module by module (one file, one module) and with every module folded into its
top-level module under `http` (`http::console::people` counts as
`http::console`). Prints each cycle found and exits 1, else exits 0.

Usage: scripts/http-import-cycles.py [SRC_DIR]   (default: src)
"""

import re
import sys
from pathlib import Path

IDENT = r"[A-Za-z_][A-Za-z0-9_]*"
PATH = re.compile(rf"\b((?:crate::http|super(?:::super)*)(?:::{IDENT})+)")
USE = re.compile(r"\buse\s+([^;]+);", re.S)
CHILD = re.compile(rf"(?<![:\w])((?:self::)?{IDENT}(?:::{IDENT})+)")


def child_path(path: str, here: tuple, modules: set):
    """`self::a::b` or `a::b` naming a child `a` of `here`, as a `crate::` path."""
    segs = path.split("::")
    if segs[0] == "self":
        segs = segs[1:]
    if segs and here + (segs[0],) in modules:
        return "crate::" + "::".join(here + tuple(segs))
    return path


def module_of(src: Path, file: Path) -> tuple:
    parts = list(file.relative_to(src).with_suffix("").parts)
    if parts[-1] == "mod":
        parts.pop()
    return tuple(parts)


def without_tests(text: str) -> str:
    cut = re.search(r"#\[cfg\(test\)\]\s*mod\s+tests\s*\{", text)
    return text[: cut.start()] if cut else text


def expand_use(tree: str) -> list:
    """`a::{b, c::{d, e}}` -> ["a::b", "a::c::d", "a::c::e"]."""
    tree = re.sub(r"\s+", "", tree)
    brace = tree.find("{")
    if brace < 0:
        return [re.sub(r"\bas\b.*", "", tree)]
    prefix, inner = tree[:brace], tree[brace + 1 : tree.rfind("}")]
    items, depth, start = [], 0, 0
    for i, c in enumerate(inner + ","):
        if c == "{":
            depth += 1
        elif c == "}":
            depth -= 1
        elif c == "," and depth == 0:
            if inner[start:i]:
                items.append(inner[start:i])
            start = i + 1
    return [p for item in items for p in expand_use(prefix + item)]


def resolve(path: str, here: tuple, modules: set):
    segs = path.split("::")
    if segs[0] == "crate":
        base, rest = [], segs[1:]
    else:
        base = list(here)
        rest = segs
        while rest and rest[0] == "super":
            rest = rest[1:]
            base = base[:-1]
    target = tuple(base)
    for seg in rest:
        if target + (seg,) in modules:
            target = target + (seg,)
        else:
            break
    return target if target[:1] == ("http",) else None


def main() -> int:
    src = Path(sys.argv[1] if len(sys.argv) > 1 else "src")
    files = [
        f
        for f in sorted((src / "http").rglob("*.rs"))
        if f.name not in ("tests.rs", "proptests.rs") and "tests" not in f.parts[:-1]
    ]
    modules = {module_of(src, f) for f in files}
    edges = {m: set() for m in modules}
    for f in files:
        here = module_of(src, f)
        text = without_tests(f.read_text())
        paths = []
        for m in USE.finditer(text):
            paths += expand_use(m.group(1))
        code = USE.sub("", text)
        paths += [m.group(1) for m in PATH.finditer(code)]
        # A child module named without `self::` (`use context::Ctx;`, `native::health::routes()`).
        paths += [m.group(1) for m in CHILD.finditer(code)]
        paths = [child_path(p, here, modules) for p in paths]
        for p in paths:
            if not p or not (p.startswith("crate::http") or p.startswith("super")) or p.endswith("::*"):
                continue
            target = resolve(p, here, modules)
            if target and target != here:
                edges[here].add(target)
    found = 0
    for label, fold in (("module", lambda m: m), ("top-level module", lambda m: m[:2])):
        graph = {}
        for a, targets in edges.items():
            for b in targets:
                fa, fb = fold(a), fold(b)
                if fa != fb:
                    graph.setdefault(fa, set()).add(fb)
        for component, cycle in cycles(graph):
            found += 1
            print(f"{label} cycle: " + " -> ".join("::".join(m) for m in cycle + [cycle[0]]))
            if len(component) > len(cycle):
                names = ", ".join(sorted("::".join(m) for m in component))
                print(f"  (one of the cycles among {names})")
    if found:
        return 1
    imports = sum(len(t) for t in edges.values())
    print(f"no import cycles among {len(modules)} modules of {src / 'http'} ({imports} imports)")
    return 0


def cycles(graph: dict) -> list:
    """One cycle per strongly connected component with more than one module."""
    index, low, stack, on, out, counter = {}, {}, [], set(), [], [0]

    def visit(v):
        index[v] = low[v] = counter[0]
        counter[0] += 1
        stack.append(v)
        on.add(v)
        for w in sorted(graph.get(v, ())):
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in on:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            component = []
            while True:
                w = stack.pop()
                on.discard(w)
                component.append(w)
                if w == v:
                    break
            if len(component) > 1:
                out.append((component, path_in(graph, set(component))))

    sys.setrecursionlimit(10000)
    for v in sorted(graph):
        if v not in index:
            visit(v)
    return out


def path_in(graph: dict, component: set) -> list:
    """A shortest cycle through the first module of a component."""
    start = min(component)
    previous, queue = {start: None}, [start]
    while queue:
        v = queue.pop(0)
        for w in sorted(graph.get(v, ())):
            if w == start:
                path = [v]
                while previous[path[-1]] is not None:
                    path.append(previous[path[-1]])
                return list(reversed(path))
            if w in component and w not in previous:
                previous[w] = v
                queue.append(w)
    return [start]


if __name__ == "__main__":
    sys.exit(main())
