"""The CI recipes for content repositories: the pre-commit hook and the composite GitHub Action.

The pre-commit hook runs under the REAL pre-commit framework against temporary content repositories.
pre-commit clones the hook repository, makes a virtualenv and `pip install .`s the project into it,
then runs `reviewer lint FILES...`. To keep that offline and fast, the hook environment builds the
project from a git copy of this checkout and finds the dependencies already installed for the tests
(see `offline_env`): nothing is downloaded, and the project itself is still built from the manifest's
repository, so the manifest, the packaging and the console script are what is tested.

The action (action.yml) is checked statically (composite, inputs declared and used, no `${{ }}` inside
shell scripts) and its shell steps are run for real with bash against temporary folders.
"""

from __future__ import annotations

import importlib
import json
import os
import re
import shutil
import stat
import subprocess
import sys
import sysconfig
import textwrap
import zipfile
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner

from reviewer.cli import cli

ROOT = Path(__file__).resolve().parent.parent
HOOKS_MANIFEST = ROOT / ".pre-commit-hooks.yaml"
ACTION = ROOT / "action.yml"

# What a build of the project needs; everything else (tests, articles, benchmarks) stays out of the copy.
PROJECT_ENTRIES = ("reviewer", "rules", "pyproject.toml", "README.md", "LICENSE", "LICENSE.txt", "MANIFEST.in",
                   "setup.cfg", ".pre-commit-hooks.yaml", "action.yml")
IGNORED = shutil.ignore_patterns("__pycache__", "*.pyc", "*.pyo", "*.egg-info", ".reviewer_cache", "build", "dist")

BAD_ARTICLE = textwrap.dedent("""\
    ---
    title: Looking after your kidneys
    ---
    # Looking after your kidneys

    Your kidneys clean your blood. Drink enough water each day, and ask your doctor
    before you take pain killers every day. Read [our guide to kidney tests](#) to learn more.
    """)
BAD_LINE = 7  # the placeholder link `[our guide to kidney tests](#)`
BAD_COLUMN = BAD_ARTICLE.splitlines()[BAD_LINE - 1].index("[our guide") + 1

GOOD_ARTICLE = textwrap.dedent("""\
    # Drinking enough water

    Most adults need 6 to 8 glasses of fluid a day. You may need more when it is hot
    or when you have a fever. Read [the NHS page on water](https://www.nhs.uk/live-well/eat-well/)
    for more ideas.
    """)

GOOD_TEXT = textwrap.dedent("""\
    Taking your blood pressure at home

    Sit quietly for 5 minutes before you start. Rest your arm on a table.
    Write down each reading with the date and time.
    """)

# The content repositories' own config, found from the repository root where hooks run: only the link
# rules, so that rule families added later cannot change what these tests see.
CONTENT_CONFIG = 'select = ["links"]\n'


def clean_env() -> dict[str, str]:
    """The environment minus anything that would steer git, pip, virtualenv or pre-commit from outside."""
    env = {k: v for k, v in os.environ.items()
           if not k.startswith(("GIT_", "PIP_", "VIRTUALENV_", "PRE_COMMIT", "PYTHONPATH", "NO_COLOR"))}
    env.update(GIT_CONFIG_GLOBAL=os.devnull, GIT_CONFIG_NOSYSTEM="1",
               GIT_AUTHOR_NAME="Test Author", GIT_AUTHOR_EMAIL="author@example.org",
               GIT_COMMITTER_NAME="Test Committer", GIT_COMMITTER_EMAIL="committer@example.org")
    return env


def run(cwd: Path, *args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(list(args), cwd=cwd, env=env or clean_env(), capture_output=True, text=True,
                          encoding="utf-8", errors="replace", check=False)


def checked(cwd: Path, *args: str, env: dict[str, str] | None = None) -> str:
    result = run(cwd, *args, env=env)
    assert result.returncode == 0, f"{' '.join(args)} failed ({result.returncode}):\n{result.stdout}\n{result.stderr}"
    return result.stdout


def site_dirs() -> list[str]:
    """The site-packages folders of the interpreter running the tests (a virtualenv's and its base's)."""
    candidates = [*sys.path, sysconfig.get_paths()["purelib"], sysconfig.get_paths()["platlib"]]
    found: list[str] = []
    for path in candidates:
        if path and Path(path).name in ("site-packages", "dist-packages") and Path(path).is_dir() \
                and path not in found:
            found.append(path)
    return found


def offline_env(folder: Path) -> dict[str, str]:
    """An environment in which pre-commit (and pip) install a Python hook without the network.

    pre-commit runs `python -m virtualenv ENV` then, inside ENV, `python -m pip install .` in the clone of
    the hook repository (pre_commit/languages/python.py). Here:
    - a `sitecustomize` on PYTHONPATH APPENDS this interpreter's site-packages to every new interpreter's
      path, so pip in the hook environment finds click, PyYAML, ... already installed and the hook runs
      with them; the environment's own packages (pip, setuptools, the freshly built reviewer) come first.
      `virtualenv --system-site-packages` would not do: it exposes the BASE interpreter's packages, not
      those of a virtualenv the tests may run in.
    - VIRTUALENV_APP_DATA: virtualenv's wheel cache in the temporary folder, not the user's home.
    - PIP_NO_INDEX: never reach an index (fail fast instead of hanging on a locked-down runner);
      PIP_NO_BUILD_ISOLATION=0 (pip's inverted spelling of --no-build-isolation): build with the
      setuptools virtualenv seeds (VIRTUALENV_SETUPTOOLS=bundle, also on Python 3.12+) instead of
      downloading the build requirements; PIP_CONFIG_FILE=/dev/null: ignore the machine's pip config.
    """
    shim = folder / "site-shim"
    shim.mkdir(parents=True, exist_ok=True)
    (shim / "sitecustomize.py").write_text(
        "import site\n"
        f"for _folder in {site_dirs()!r}:\n"
        "    site.addsitedir(_folder)\n", encoding="utf-8")
    env = clean_env()
    env.update(PYTHONPATH=str(shim), PRE_COMMIT_HOME=str(folder / "pre-commit-home"),
               PIP_CONFIG_FILE=os.devnull, PIP_NO_INDEX="1", PIP_NO_BUILD_ISOLATION="0",
               PIP_DISABLE_PIP_VERSION_CHECK="1", PIP_NO_WARN_SCRIPT_LOCATION="1",
               VIRTUALENV_SETUPTOOLS="bundle", VIRTUALENV_NO_DOWNLOAD="1", VIRTUALENV_NO_PERIODIC_UPDATE="1",
               VIRTUALENV_APP_DATA=str(folder / "virtualenv-app-data"),
               PRE_COMMIT_COLOR="never", NO_COLOR="1")
    return env


def copy_project(dest: Path) -> Path:
    """A git repository holding this checkout's project files (tracked and untracked, not ignored), committed."""
    dest.mkdir(parents=True)
    listed = run(ROOT, "git", "ls-files", "-z", "--cached", "--others", "--exclude-standard", "--", *PROJECT_ENTRIES) \
        if (ROOT / ".git").exists() else None
    if listed is not None and listed.returncode == 0 and listed.stdout:
        for relative in filter(None, listed.stdout.split("\0")):
            source = ROOT / relative
            if source.is_file():  # deleted-but-tracked files are listed too
                (dest / relative).parent.mkdir(parents=True, exist_ok=True)
                shutil.copy2(source, dest / relative)
    else:  # not a git checkout (an unpacked sdist, say): copy the project entries
        for name in PROJECT_ENTRIES:
            source = ROOT / name
            if source.is_dir():
                shutil.copytree(source, dest / name, ignore=IGNORED)
            elif source.is_file():
                shutil.copy2(source, dest / name)
    checked(dest, "git", "init", "-q", "-b", "main")
    checked(dest, "git", "add", "-A")
    checked(dest, "git", "commit", "-q", "--no-verify", "-m", "reviewer under test")
    return dest


def pre_commit(cwd: Path, env: dict[str, str], *args: str) -> subprocess.CompletedProcess[str]:
    return run(cwd, sys.executable, "-m", "pre_commit", *args, env=env)


def new_content_repo(folder: Path, project: Path, sha: str, env: dict[str, str], hook_args: list[str] | None = None,
                     files: dict[str, str] | None = None) -> Path:
    """A content repository whose .pre-commit-config.yaml uses the reviewer-lint hook from `project` at `sha`."""
    folder.mkdir(parents=True)
    checked(folder, "git", "init", "-q", "-b", "main", env=env)
    hook: dict = {"id": "reviewer-lint"}
    if hook_args:
        hook["args"] = hook_args
    config = {"repos": [{"repo": str(project), "rev": sha, "hooks": [hook]}]}
    (folder / ".pre-commit-config.yaml").write_text(yaml.safe_dump(config, sort_keys=False), encoding="utf-8")
    (folder / "reviewer.toml").write_text(CONTENT_CONFIG, encoding="utf-8")
    for name, text in (files or {}).items():
        (folder / name).parent.mkdir(parents=True, exist_ok=True)
        (folder / name).write_text(text, encoding="utf-8")
    checked(folder, "git", "add", "-A", env=env)
    return folder


# ---------------------------------------------------------------------------------------------------------------
# The pre-commit hook
# ---------------------------------------------------------------------------------------------------------------

def test_hook_manifest_is_valid_for_pre_commit() -> None:
    importlib.import_module("pre_commit")  # a test extra: fail, never skip, without it
    checked(ROOT, sys.executable, "-m", "pre_commit", "validate-manifest", str(HOOKS_MANIFEST))
    hooks = {hook["id"]: hook for hook in yaml.safe_load(HOOKS_MANIFEST.read_text(encoding="utf-8"))}
    hook = hooks["reviewer-lint"]
    assert hook["language"] == "python"
    assert hook["entry"] == "reviewer lint --force-exclude"
    assert hook.get("pass_filenames", True) is True and hook.get("require_serial") is True
    files = re.compile(hook["files"])
    for name in ("a.md", "docs/guide.markdown", "leaflets/fever.txt"):
        assert files.search(name), name
    for name in ("reviewer.toml", "script.py", "images/arm.svg", "notes.md.bak", "data.yaml"):
        assert not files.search(name), name


@pytest.fixture(scope="module")
def hook_setup(tmp_path_factory: pytest.TempPathFactory) -> dict:
    """A git copy of the project, an offline environment, and the hook environment installed once."""
    if shutil.which("git") is None:
        pytest.skip("git is not installed")
    importlib.import_module("pre_commit")  # a test extra: fail, never skip, without it
    base = tmp_path_factory.mktemp("ci-hook")
    project = copy_project(base / "reviewer-project")
    sha = checked(project, "git", "rev-parse", "HEAD").strip()
    env = offline_env(base)
    warm = new_content_repo(base / "warm-up", project, sha, env)
    result = pre_commit(warm, env, "install-hooks")
    assert result.returncode == 0, f"pre-commit could not install the hook:\n{result.stdout}\n{result.stderr}"
    return {"base": base, "project": project, "sha": sha, "env": env}


def test_hook_environment_runs_the_reviewer_pre_commit_built(hook_setup: dict) -> None:
    """The hook imports reviewer from its own environment (built from the manifest's repository), not from
    the test interpreter's site-packages that `offline_env` exposes as a fallback for the dependencies."""
    home = Path(hook_setup["env"]["PRE_COMMIT_HOME"])
    environments = sorted(home.glob("repo*/py_env-*"))
    assert len(environments) == 1, environments
    python = next(p for p in (environments[0] / "bin" / "python", environments[0] / "Scripts" / "python.exe")
                  if p.exists())
    where = checked(hook_setup["base"], str(python), "-c", "import reviewer; print(reviewer.__file__)",
                    env=hook_setup["env"]).strip()
    assert Path(where).is_relative_to(environments[0]), where


def test_hook_fails_on_a_bad_article_naming_file_line_and_rule(hook_setup: dict) -> None:
    s = hook_setup
    repo = new_content_repo(s["base"] / "content-bad", s["project"], s["sha"], s["env"], files={
        "articles/kidney-health.md": BAD_ARTICLE,
        "articles/water.md": GOOD_ARTICLE,
        "leaflets/blood-pressure.txt": GOOD_TEXT,
        # Not articles: the hook must not hand them to reviewer (a placeholder link in each would fire).
        "scripts/build.py": "# see [x](#)\n",
        "data/links.yaml": "note: '[x](#)'\n",
    })
    result = pre_commit(repo, s["env"], "run", "reviewer-lint", "--all-files")
    output = result.stdout + result.stderr
    assert result.returncode == 1, output
    assert "- hook id: reviewer-lint" in output and "- exit code: 1" in output  # reviewer's own exit code
    assert f"articles/kidney-health.md:{BAD_LINE}:{BAD_COLUMN}: error links.placeholder" in output, output
    assert "water.md" not in output and "blood-pressure.txt" not in output
    assert "build.py" not in output and "links.yaml" not in output


def test_hook_lints_exactly_the_files_pre_commit_passes(hook_setup: dict) -> None:
    s = hook_setup
    repo = new_content_repo(s["base"] / "content-json", s["project"], s["sha"], s["env"],
                            hook_args=["--format", "json"], files={
                                "articles/kidney-health.md": BAD_ARTICLE,
                                "articles/water.md": GOOD_ARTICLE,
                                "leaflets/blood-pressure.txt": GOOD_TEXT,
                                "scripts/build.py": "# see [x](#)\n",
                                "README": "Read [this](#) first\n",  # no extension: not an article
                            })
    result = pre_commit(repo, s["env"], "run", "reviewer-lint", "--all-files")
    assert result.returncode == 1, result.stdout + result.stderr
    report = json.loads(result.stdout[result.stdout.index("{"):result.stdout.rindex("}") + 1])
    assert report["summary"]["files"] == 3  # the two Markdown articles and the .txt leaflet, nothing else
    assert report["summary"]["errors"] == 1
    [finding] = [f for f in report["findings"] if f["rule"] == "links.placeholder"]
    assert (finding["path"], finding["line"], finding["column"], finding["severity"]) == \
        ("articles/kidney-health.md", BAD_LINE, BAD_COLUMN, "error")


def test_hook_passes_on_clean_articles(hook_setup: dict) -> None:
    s = hook_setup
    repo = new_content_repo(s["base"] / "content-good", s["project"], s["sha"], s["env"], files={
        "articles/water.md": GOOD_ARTICLE,
        "leaflets/blood-pressure.txt": GOOD_TEXT,
    })
    result = pre_commit(repo, s["env"], "run", "reviewer-lint", "--files", "articles/water.md",
                        "leaflets/blood-pressure.txt")
    output = result.stdout + result.stderr
    assert result.returncode == 0, output
    assert re.search(r"^reviewer\.+Passed$", output, re.M), output


def test_installed_git_hook_blocks_a_commit_until_the_article_is_fixed(hook_setup: dict) -> None:
    s = hook_setup
    env = s["env"]
    repo = new_content_repo(s["base"] / "content-commit", s["project"], s["sha"], env, files={
        "articles/water.md": GOOD_ARTICLE})
    checked(repo, sys.executable, "-m", "pre_commit", "install", env=env)
    checked(repo, "git", "commit", "-q", "-m", "Add the water article", env=env)  # clean: the hook passes

    article = repo / "articles" / "kidney-health.md"
    article.write_text(BAD_ARTICLE, encoding="utf-8")
    checked(repo, "git", "add", "articles/kidney-health.md", env=env)
    blocked = run(repo, "git", "commit", "-m", "Add the kidney article", env=env)
    assert blocked.returncode != 0
    assert f"articles/kidney-health.md:{BAD_LINE}:{BAD_COLUMN}: error links.placeholder" in \
        blocked.stdout + blocked.stderr
    assert "water.md" not in blocked.stdout + blocked.stderr  # only the staged file is linted

    article.write_text(BAD_ARTICLE.replace("](#)", "](https://www.kidney.org/kidney-tests)"), encoding="utf-8")
    checked(repo, "git", "add", "articles/kidney-health.md", env=env)
    checked(repo, "git", "commit", "-q", "-m", "Add the kidney article", env=env)
    assert "Add the kidney article" in checked(repo, "git", "log", "--format=%s", env=env)


# ---------------------------------------------------------------------------------------------------------------
# The GitHub Action
# ---------------------------------------------------------------------------------------------------------------

EXPRESSION = re.compile(r"\$\{\{(.*?)\}\}", re.S)
INPUT_REFERENCE = re.compile(r"\binputs\.([A-Za-z0-9_-]+)|\binputs\[\s*'([^']+)'\s*\]")


@pytest.fixture(scope="module")
def action() -> dict:
    return yaml.safe_load(ACTION.read_text(encoding="utf-8"))


def strings(value) -> list[str]:
    if isinstance(value, str):
        return [value]
    if isinstance(value, dict):
        return [s for v in value.values() for s in strings(v)]
    if isinstance(value, list):
        return [s for v in value for s in strings(v)]
    return []


def step(action: dict, step_id: str) -> dict:
    return next(s for s in action["runs"]["steps"] if s.get("id") == step_id)


def test_action_is_a_composite_action_with_documented_inputs(action: dict) -> None:
    assert action["runs"]["using"] == "composite"
    assert action["name"] and action["description"]
    inputs = action["inputs"]
    assert {"paths", "format", "fail-on"} <= set(inputs)
    assert inputs["paths"]["default"] == "."
    assert inputs["format"]["default"] == "github"
    assert inputs["fail-on"]["default"] == ""  # the repository's config decides, else reviewer's default: error
    for name, spec in inputs.items():
        assert spec.get("description"), f"input {name} has no description"
    for name, spec in action.get("outputs", {}).items():
        assert spec.get("description") and "${{" in spec["value"], name


def test_action_uses_exactly_the_inputs_it_declares(action: dict) -> None:
    used = set()
    for text in strings(action["runs"]["steps"]) + strings(action.get("outputs", {})):
        for expression in EXPRESSION.findall(text):
            used.update(a or b for a, b in INPUT_REFERENCE.findall(expression))
    for step_ in action["runs"]["steps"]:  # `if:` conditions are expressions without ${{ }}
        if isinstance(step_.get("if"), str):
            used.update(a or b for a, b in INPUT_REFERENCE.findall(step_["if"]))
    declared = set(action["inputs"])
    assert used - declared == set(), "inputs used but not declared"
    assert declared - used == set(), "inputs declared but never used"


def test_action_shell_steps_take_inputs_only_through_env(action: dict) -> None:
    run_steps = [s for s in action["runs"]["steps"] if "run" in s]
    assert run_steps
    for s in run_steps:
        assert s.get("shell") == "bash", s.get("name")
        assert "${{" not in s["run"], f"expression inside the script of step {s.get('name')!r}: use env"
        assert "set -euo pipefail" in s["run"]
    for s in action["runs"]["steps"]:
        if "uses" in s:
            assert re.fullmatch(r"[\w.-]+/[\w.-]+@v\d+(\.\d+)*", s["uses"]), s["uses"]
    python = next(s for s in action["runs"]["steps"] if str(s.get("uses", "")).startswith("actions/setup-python@"))
    assert python["with"]["update-environment"] is False  # the job's own Python stays as it was
    assert "$GITHUB_ACTION_PATH" in step(action, "install")["run"]  # installs reviewer from the action's checkout


def test_action_outputs_come_from_its_steps(action: dict) -> None:
    for name, spec in action["outputs"].items():
        step_id, output = re.fullmatch(r"\$\{\{\s*steps\.([\w-]+)\.outputs\.([\w-]+)\s*\}\}", spec["value"]).groups()
        assert f'echo "{output}=' in step(action, step_id)["run"], name


def write_articles(folder: Path) -> Path:
    (folder / "articles").mkdir(parents=True)
    (folder / "reviewer.toml").write_text(CONTENT_CONFIG, encoding="utf-8")
    (folder / "articles" / "kidney-health.md").write_text(BAD_ARTICLE, encoding="utf-8")
    (folder / "articles" / "water.md").write_text(GOOD_ARTICLE, encoding="utf-8")
    return folder


def recording_python(folder: Path) -> tuple[Path, Path]:
    """An executable standing in for the action's Python: it records its arguments, then runs the real one."""
    record = folder / "argv.json"
    script = folder / "recording-python"
    script.write_text(textwrap.dedent(f"""\
        #!{sys.executable}
        import json, os, sys
        with open({str(record)!r}, "w", encoding="utf-8") as handle:
            json.dump(sys.argv[1:], handle)
        os.execv({sys.executable!r}, [{sys.executable!r}, *sys.argv[1:]])
        """), encoding="utf-8")
    script.chmod(script.stat().st_mode | stat.S_IXUSR | stat.S_IXGRP | stat.S_IXOTH)
    return script, record


def run_lint_step(action: dict, workspace: Path, python: Path, base_env: dict[str, str] | None = None,
                  **inputs: str) -> tuple[subprocess.CompletedProcess[str], dict[str, str]]:
    """Run the action's lint step with bash as the runner would: inputs (defaults applied) in its env block."""
    if shutil.which("bash") is None:
        pytest.skip("bash is not installed")
    lint = step(action, "lint")
    values = {name: str(spec.get("default", "")) for name, spec in action["inputs"].items()}
    values.update({k.replace("_", "-"): v for k, v in inputs.items()})
    github_output = workspace.parent / f"github-output-{workspace.name}"
    github_output.write_text("", encoding="utf-8")
    env = dict(base_env) if base_env else dict(clean_env(), PYTHONPATH=str(ROOT))  # default: this checkout's code
    env.update(GITHUB_OUTPUT=str(github_output), NO_COLOR="1")
    for name, value in lint["env"].items():
        expression = EXPRESSION.fullmatch(value).group(1).strip()
        if expression.startswith("inputs."):
            env[name] = values[expression.removeprefix("inputs.")]
        elif expression == "steps.install.outputs.python":
            env[name] = str(python)
        else:
            raise AssertionError(f"unexpected expression in the lint step's env: {value}")
    script = workspace.parent / f"lint-step-{workspace.name}.sh"
    script.write_text(lint["run"], encoding="utf-8")
    result = run(workspace, "bash", "--noprofile", "--norc", "-e", "-o", "pipefail", str(script), env=env)
    outputs = dict(line.split("=", 1) for line in github_output.read_text(encoding="utf-8").splitlines() if line)
    return result, outputs


def test_action_lint_step_reports_annotations_and_fails_on_errors(action: dict, tmp_path: Path,
                                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    workspace = write_articles(tmp_path / "workspace")
    python, record = recording_python(tmp_path)
    result, outputs = run_lint_step(action, workspace, python)
    assert result.returncode == 1, result.stdout + result.stderr
    assert outputs == {"exit-code": "1", "report": ""}
    annotation = (f"::error file=articles/kidney-health.md,line={BAD_LINE},col={BAD_COLUMN},"
                  f"endLine={BAD_LINE},")
    assert annotation in result.stdout and "title=links.placeholder::" in result.stdout, result.stdout
    assert "water.md" not in result.stdout

    # The exact command line the action ran is a real reviewer invocation: click accepts it as it stands.
    argv = json.loads(record.read_text(encoding="utf-8"))
    assert argv[:3] == ["-m", "reviewer", "lint"]
    assert argv[3:] == ["--format", "github", "--", "."]
    monkeypatch.chdir(workspace)
    invoked = CliRunner().invoke(cli, argv[2:])
    assert invoked.exit_code == 1, invoked.output
    assert annotation in invoked.output


def test_action_lint_step_writes_sarif_and_honours_fail_on_never(action: dict, tmp_path: Path) -> None:
    workspace = write_articles(tmp_path / "workspace")
    python, record = recording_python(tmp_path)
    result, outputs = run_lint_step(action, workspace, python, format="sarif", fail_on="never",
                                    paths="articles/kidney-health.md\narticles/water.md")
    assert result.returncode == 0, result.stdout + result.stderr
    assert outputs == {"exit-code": "0", "report": "reviewer.sarif"}
    sarif = json.loads((workspace / "reviewer.sarif").read_text(encoding="utf-8"))
    assert sarif["version"] == "2.1.0"
    [hit] = [r for r in sarif["runs"][0]["results"] if r["ruleId"] == "links.placeholder"]
    assert hit["locations"][0]["physicalLocation"]["region"]["startLine"] == BAD_LINE
    argv = json.loads(record.read_text(encoding="utf-8"))
    assert argv[2:] == ["lint", "--format", "sarif", "--fail-on", "never", "--output", "reviewer.sarif", "--",
                        "articles/kidney-health.md", "articles/water.md"]


def test_action_lint_step_passes_extra_args_and_exit_code_2(action: dict, tmp_path: Path) -> None:
    workspace = write_articles(tmp_path / "workspace")
    python, record = recording_python(tmp_path)
    result, outputs = run_lint_step(action, workspace, python, args="--ignore links --statistics", format="text")
    assert result.returncode == 0, result.stdout + result.stderr
    assert "links.placeholder" not in result.stdout
    assert json.loads(record.read_text(encoding="utf-8"))[2:] == [
        "lint", "--format", "text", "--ignore", "links", "--statistics", "--", "."]

    result, outputs = run_lint_step(action, workspace, python, paths="articles/missing.md")
    assert result.returncode == 2 and outputs["exit-code"] == "2"
    assert "articles/missing.md" in result.stderr


def test_action_fail_on_defaults_to_the_repository_config(action: dict, tmp_path: Path) -> None:
    workspace = write_articles(tmp_path / "workspace")
    (workspace / "reviewer.toml").write_text(CONTENT_CONFIG + 'fail_on = "never"\n', encoding="utf-8")
    python, record = recording_python(tmp_path)
    result, outputs = run_lint_step(action, workspace, python)
    assert result.returncode == 0 and outputs["exit-code"] == "0", result.stdout + result.stderr
    assert "title=links.placeholder::" in result.stdout  # still reported, just not failing
    result, outputs = run_lint_step(action, workspace, python, fail_on="error")  # the input wins over the config
    assert result.returncode == 1 and outputs["exit-code"] == "1", result.stdout + result.stderr


def test_action_lint_step_does_not_evaluate_inputs(action: dict, tmp_path: Path) -> None:
    workspace = write_articles(tmp_path / "workspace")
    python, record = recording_python(tmp_path)
    hostile = "$(touch pwned-1) `touch pwned-2` ;touch pwned-3 && articles/*.md"
    result, outputs = run_lint_step(action, workspace, python, paths=hostile, args="--statistics $(touch pwned-4)")
    assert not list(workspace.glob("pwned*")) and not list(tmp_path.glob("pwned*"))
    argv = json.loads(record.read_text(encoding="utf-8"))
    assert "articles/*.md" in argv and "$(touch" in argv  # passed on literally: no globbing, no substitution
    assert result.returncode == 2 and outputs["exit-code"] == "2"  # those "paths" do not exist


def test_action_install_and_lint_steps_end_to_end(action: dict, hook_setup: dict, tmp_path: Path) -> None:
    """The install step really builds reviewer from the action's checkout, then the lint step lints with it.

    On GitHub pip fetches the build requirements (setuptools, wheel) into an isolated build environment.
    Offline, the build runs without isolation on the setuptools wheel that virtualenv embeds (recent
    enough to build wheels by itself), put ahead of the stdlib venv's own older setuptools.
    """
    if shutil.which("bash") is None:
        pytest.skip("bash is not installed")
    embed = pytest.importorskip("virtualenv.seed.wheels.embed")
    setuptools_wheel = embed.get_embed_wheel("setuptools", f"{sys.version_info[0]}.{sys.version_info[1]}")
    if setuptools_wheel is None:
        pytest.skip("virtualenv embeds no setuptools wheel for this Python")
    build_tools = tmp_path / "build-tools"
    with zipfile.ZipFile(setuptools_wheel.path) as archive:
        archive.extractall(build_tools)
    install = step(action, "install")
    github_output = tmp_path / "github-output"
    github_output.write_text("", encoding="utf-8")
    env = dict(hook_setup["env"])
    env.update(GITHUB_OUTPUT=str(github_output), GITHUB_ACTION_PATH=str(hook_setup["project"]),
               RUNNER_TEMP=str(tmp_path / "runner-temp"), SETUP_PYTHON=sys.executable,
               PYTHONPATH=os.pathsep.join([str(build_tools), env["PYTHONPATH"]]))
    (tmp_path / "runner-temp").mkdir()
    script = tmp_path / "install-step.sh"
    script.write_text(install["run"], encoding="utf-8")
    result = run(tmp_path, "bash", "--noprofile", "--norc", str(script), env=env)
    assert result.returncode == 0, result.stdout + result.stderr
    assert re.search(r"^reviewer.* \d+\.\d+", result.stdout, re.M), result.stdout  # `reviewer --version`
    python = Path(dict(line.split("=", 1) for line in github_output.read_text().splitlines())["python"])
    venv = tmp_path / "runner-temp" / "reviewer-action-venv"
    assert python.is_relative_to(venv)
    where = checked(tmp_path, str(python), "-c", "import reviewer; print(reviewer.__file__)", env=env).strip()
    assert Path(where).is_relative_to(venv), where  # built from the action's checkout into the action's venv

    stamp = (venv / ".reviewer-action").stat().st_mtime_ns
    again = run(tmp_path, "bash", "--noprofile", "--norc", str(script), env=env)  # a second use in the same job
    assert again.returncode == 0, again.stdout + again.stderr
    assert (venv / ".reviewer-action").stat().st_mtime_ns == stamp  # reused, not reinstalled

    workspace = write_articles(tmp_path / "workspace")
    result, outputs = run_lint_step(action, workspace, python, base_env=hook_setup["env"])
    assert result.returncode == 1 and outputs["exit-code"] == "1", result.stdout + result.stderr
    assert "title=links.placeholder::" in result.stdout


# ---------------------------------------------------------------------------------------------------------------
# The README's recipes stay in step with the manifest and the action
# ---------------------------------------------------------------------------------------------------------------

def recipe_blocks(markdown: str) -> list:
    """The README's YAML code blocks that use the hook or the action, parsed (they must parse)."""
    blocks = []
    for body in re.findall(r"^```ya?ml\n(.*?)^```", markdown, re.S | re.M):
        if "reviewer-lint" not in body and "/reviewer@" not in body:
            continue  # front matter and config examples are not recipes
        try:
            blocks.extend(yaml.safe_load_all(textwrap.dedent(body)))
        except yaml.YAMLError as exc:
            raise AssertionError(f"a CI recipe in the README does not parse: {exc}\n{body}") from None
    return blocks


def mappings(value):
    if isinstance(value, dict):
        yield value
        for v in value.values():
            yield from mappings(v)
    elif isinstance(value, list):
        for v in value:
            yield from mappings(v)


def test_readme_recipes_use_the_hook_id_and_declared_action_inputs(action: dict) -> None:
    readme = ROOT / "README.md"
    if not readme.is_file():
        pytest.skip("no README.md")
    hook_ids = {hook["id"] for hook in yaml.safe_load(HOOKS_MANIFEST.read_text(encoding="utf-8"))}
    uses_action = uses_hook = 0
    for block in recipe_blocks(readme.read_text(encoding="utf-8")):
        for mapping in mappings(block):
            if re.fullmatch(r"[\w.-]+/reviewer@\S+", str(mapping.get("uses", ""))):
                uses_action += 1
                assert set(mapping.get("with") or {}) <= set(action["inputs"]), mapping
            if "hooks" in mapping and "reviewer" in str(mapping.get("repo", "")):
                uses_hook += 1
                assert {hook["id"] for hook in mapping["hooks"]} <= hook_ids, mapping
    if not uses_action and not uses_hook:
        pytest.skip("the README has no CI recipes yet")


# ---------------------------------------------------------------------------------------------------------------
# The action gates on what a pull request introduces (issue 14, item 10)

OVERDUE_ARTICLE = textwrap.dedent("""\
    ---
    title: Washing your hands
    last_reviewed: 2020-01-01
    ---
    # Washing your hands

    Wash your hands with soap and water for 20 seconds.
    Dry them well with a clean towel.
    """)


def pull_request_workspace(folder: Path, change: str) -> Path:
    """A clone (origin/main is the base) holding an article whose review is long overdue (review.stale, an
    error) and a pull-request branch that changes one body line with `change`."""
    origin = folder / "origin"
    (origin / "articles").mkdir(parents=True)
    (origin / "reviewer.toml").write_text('select = ["links", "review"]\n', encoding="utf-8")
    (origin / "articles" / "hands.md").write_text(OVERDUE_ARTICLE, encoding="utf-8")
    checked(origin, "git", "init", "-q", "-b", "main")
    checked(origin, "git", "add", ".")
    checked(origin, "git", "commit", "-q", "-m", "hands")
    workspace = folder / "workspace"
    checked(folder, "git", "clone", "-q", str(origin), str(workspace))
    checked(workspace, "git", "checkout", "-q", "-b", "fix")
    article = workspace / "articles" / "hands.md"
    article.write_text(OVERDUE_ARTICLE.replace("Dry them well with a clean towel.", change), encoding="utf-8")
    checked(workspace, "git", "commit", "-q", "-am", "edit")
    return workspace


def test_action_on_a_pull_request_does_not_fail_a_typo_fix_on_an_overdue_article(action: dict, tmp_path: Path) -> None:
    workspace = pull_request_workspace(tmp_path, "Dry them well with a clean towel or paper towel.")
    python, record = recording_python(tmp_path)
    pull_request = dict(clean_env(), PYTHONPATH=str(ROOT), GITHUB_BASE_REF="main")
    result, outputs = run_lint_step(action, workspace, python, base_env=pull_request)
    assert result.returncode == 0, result.stdout + result.stderr
    assert outputs["exit-code"] == "0" and "review.stale" not in result.stdout
    argv = json.loads(record.read_text(encoding="utf-8"))
    assert argv[3:] == ["--format", "github", "--changed-since", "origin/main", "--changed-lines", "--", "."]

    # On a push (no pull request base) the whole article is linted, and its overdue review fails the step.
    result, outputs = run_lint_step(action, workspace, python)
    assert result.returncode == 1 and "title=review.stale::" in result.stdout, result.stdout + result.stderr

    # changed-lines: false lints every line on a pull request too.
    result, _ = run_lint_step(action, workspace, python, base_env=pull_request, changed_lines="false")
    assert result.returncode == 1 and "title=review.stale::" in result.stdout


def test_action_on_a_pull_request_fails_on_a_problem_the_change_adds(action: dict, tmp_path: Path) -> None:
    workspace = pull_request_workspace(tmp_path, "Read [our guide to drying your hands](#).")
    python, _ = recording_python(tmp_path)
    pull_request = dict(clean_env(), PYTHONPATH=str(ROOT), GITHUB_BASE_REF="main")
    result, outputs = run_lint_step(action, workspace, python, base_env=pull_request)
    assert result.returncode == 1, result.stdout + result.stderr
    assert "file=articles/hands.md,line=8," in result.stdout and "title=links.placeholder::" in result.stdout
    assert "review.stale" not in result.stdout  # the old review date is not on a changed line


def test_action_changed_lines_without_a_base_is_a_usage_error(action: dict, tmp_path: Path) -> None:
    workspace = pull_request_workspace(tmp_path, "Dry them well.")
    python, _ = recording_python(tmp_path)
    result, outputs = run_lint_step(action, workspace, python, changed_lines="true")
    assert result.returncode == 2 and "there is no base" in result.stderr
    result, _ = run_lint_step(action, workspace, python, changed_lines="sometimes")
    assert result.returncode == 2 and "must be auto, true or false" in result.stderr
    result, outputs = run_lint_step(action, workspace, python, changed_lines="true", base="main")
    assert result.returncode == 0 and outputs["exit-code"] == "0", result.stdout + result.stderr
