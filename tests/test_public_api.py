import json
import subprocess
import sys
import textwrap
import tomllib
from pathlib import Path

import threadsift

ROOT = Path(__file__).parent.parent
EXPECTED = [
    "Comment",
    "ConfigError",
    "InputError",
    "Label",
    "LanguageAnnotator",
    "Line",
    "MissingDependency",
    "Outcome",
    "OutputError",
    "Page",
    "Quality",
    "QualityAnnotator",
    "RunReport",
    "ThreadsiftError",
    "ToxicityAnnotator",
    "__version__",
    "decompose",
    "read_inputs",
    "run",
    "split",
    "standard_annotators",
]


def test_all_is_exact_and_sorted() -> None:
    assert threadsift.__all__ == EXPECTED
    assert threadsift.__all__ == sorted(threadsift.__all__)
    for name in threadsift.__all__:
        assert getattr(threadsift, name) is not None


def test_version_is_a_string() -> None:
    assert isinstance(threadsift.__version__, str)
    assert threadsift.__version__[0].isdigit()


def optional_import_names() -> list[str]:
    """Import names of every distribution that only an extra installs."""
    from importlib.metadata import packages_distributions

    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]

    def name(requirement: str) -> str:
        for stop in "<>=!~[; ":
            requirement = requirement.split(stop)[0]
        return requirement.lower().replace("_", "-")

    core = {name(req) for req in project["dependencies"]}
    extras = {name(req) for reqs in project["optional-dependencies"].values() for req in reqs}
    optional = extras - core
    modules = {
        module
        for module, dists in packages_distributions().items()
        if any(dist.lower().replace("_", "-") in optional for dist in dists)
    }
    # Names an extra may bring that are not installed in this environment.
    return sorted(modules | {"ray", "pyarrow", "duckdb", "fasttext", "torch", "transformers"})


def test_every_module_imports_without_optional_dependencies() -> None:
    """Like a core install: importing any threadsift module must not need an extra."""
    script = textwrap.dedent(
        """
        import importlib, importlib.abc, json, pkgutil, sys

        blocked = set(json.loads(sys.argv[1]))

        class Block(importlib.abc.MetaPathFinder):
            def find_spec(self, name, path=None, target=None):
                if name.split(".")[0] in blocked:
                    raise ImportError(f"optional dependency {name} imported at module level")
                return None

        sys.meta_path.insert(0, Block())
        import threadsift

        failed = {}
        for info in pkgutil.walk_packages(threadsift.__path__, "threadsift."):
            if info.name == "threadsift.__main__":
                continue
            try:
                importlib.import_module(info.name)
            except Exception as error:
                failed[info.name] = repr(error)
        print(json.dumps(failed))
        """
    )
    done = subprocess.run(
        [sys.executable, "-c", script, json.dumps(optional_import_names())],
        capture_output=True,
        text=True,
        check=True,
    )
    assert json.loads(done.stdout) == {}
