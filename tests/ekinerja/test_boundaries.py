"""The mock answers from what PMM sends and its own tables: its request-handling modules never
import PMM's cycle (kinerja) or Dapodik. Only the Bimtek seeding may read Dapodik's scenario."""

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent.parent / "sinkro" / "ekinerja"
SEEDING = {"bimtek.py", "seed_ekinerja_bimtek.py"}


def _imports(path: Path) -> set[str]:
    tree = ast.parse(path.read_text())
    names = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names |= {a.name for a in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module and not node.level:
            names.add(node.module)
    return names


def test_request_handling_never_reads_kinerja_or_dapodik():
    offenders = []
    for path in ROOT.rglob("*.py"):
        if path.name in SEEDING or "migrations" in path.parts:
            continue
        offenders += [
            f"{path.name}: {n}" for n in _imports(path) if n.split(".")[0] in {"kinerja", "dapodik"}
        ]
    assert offenders == []


def test_the_seeding_is_the_only_reader_of_dapodik():
    readers = {p.name for p in ROOT.rglob("*.py") if any(n.startswith("dapodik") for n in _imports(p))}
    assert readers <= SEEDING
