"""gitview's path tests (in_loaded_folder, is_document_name) are string tests, run on every path ls-tree gives
(100,000 at 100,000 documents): they answer as the loader's definition, written with a split, does."""

from __future__ import annotations

import random

from gkssg.build.gitview import in_loaded_folder, is_document_name


def loaded_folder(folder: str) -> bool:  # the definition: content/ or below it, no hidden folder on the way
    parts = folder.rstrip("/").split("/")
    return parts[0] == "content" and not any(p.startswith(".") for p in parts[1:])


def document_name(rel: str) -> bool:
    folder, _, name = rel.rpartition("/")
    return loaded_folder(folder) and name.endswith(".md") and not name.startswith(".") and name.upper() != "README.MD"


def test_the_string_tests_answer_as_the_definition():
    pieces = ["content", "/", ".", "a", "md", ".md", "README", "readme.md", "x", "//", "..", "content/", ".git", "文"]
    rng = random.Random(36)
    for _ in range(50_000):
        path = "".join(rng.choice(pieces) for _ in range(rng.randint(0, 8)))
        assert in_loaded_folder(path) == loaded_folder(path), path
        assert is_document_name(path) == document_name(path), path
    assert is_document_name("content/a/2024/00001.md") and not is_document_name("content/.a/x.md")
    assert not is_document_name("content/a/README.md") and not is_document_name("contents/x.md")
