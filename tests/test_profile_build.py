"""benchmarks/profile_build.py: the profile of a real build, grouped by component."""

from __future__ import annotations

import subprocess
import sys

from conftest import REPO

sys.path.insert(0, str(REPO))

from benchmarks.profile_build import component  # noqa: E402


def test_functions_are_grouped_by_the_component_they_belong_to():
    assert component("/v/site-packages/markdown/treeprocessors.py", "run") == "Python-Markdown"
    assert component("/v/site-packages/jinja2/runtime.py", "call") == "Jinja2 (runtime)"
    assert component("/repo/themes/default/templates/document.html", "root") == "Jinja2 (compiled templates)"
    assert component("/repo/gkssg/checks/privacy.py", "find_numbers") == "gkssg/checks/privacy.py"
    assert component("~", "<method 'sub' of 're.Pattern' objects>") == "regular expressions (re)"
    assert component("~", "<built-in method io.open>") == "file I/O (built-ins)"


def test_profile_of_a_small_build_names_the_markdown_renderer_and_the_stages(tmp_path):
    proc = subprocess.run([sys.executable, str(REPO / "benchmarks" / "profile_build.py"), "40",
                           "--work", str(tmp_path), "--top", "5"], capture_output=True, text=True, timeout=600)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert "Python-Markdown" in proc.stdout
    assert "render" in proc.stdout and "耗时" in proc.stdout
    assert "Top 5 functions by self time" in proc.stdout
