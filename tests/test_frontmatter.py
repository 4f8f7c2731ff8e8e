"""A note's front matter: split one way, by every reader.

The promises: the body starts at the line the split says (whatever the line
ends and the odd first lines), or the note is a NoteError naming the file;
splitting needs no YAML parser.
"""

from __future__ import annotations

import subprocess
import sys

import pytest

from coachcli.frontmatter import NOTE_SCHEMA, NoteError, read_note

NOTE_PIECES = {
    "start": ["---\n", "---  \n", "\ufeff---\n", "--- x\n", "", "---"],
    "front": [
        "schema: 1\nrep: A\n",
        "schema: 1\r\nrep: 'B: c'\r\n",
        "schema: 2\n",
        "schema: '1'\n",
        "rep: A\n",
        "schema: 1\nrep: [A\n",
        "- a\n",
        "",
        "schema: 1\ndate: 2026-13-45\n",
        "schema: 1\n---x: 1\n",
    ],
    "end": ["---\n", "...\n", "---", "--- \n", "", "----\n"],
    "body": ["\n# Title\nline\n", "# Title\n", "", "\n\n\nx", "---\nmore\n"],
}


@pytest.mark.parametrize("start", NOTE_PIECES["start"])
@pytest.mark.parametrize("front", NOTE_PIECES["front"])
def test_the_body_starts_at_the_line_the_split_says(start: str, front: str) -> None:
    for end in NOTE_PIECES["end"]:
        for body_text in NOTE_PIECES["body"]:
            text = start + front + end + body_text
            try:
                data, body, line = read_note(text, "n.md")
            except NoteError as exc:
                assert exc.message.startswith("n.md: "), text
                assert exc.path == "n.md"
                continue
            assert isinstance(data, dict) and 1 <= data["schema"] <= NOTE_SCHEMA, text
            lines = text.removeprefix("\ufeff").replace("\r\n", "\n").split("\n")
            if body:
                assert "\n".join(lines[line - 1 :]) == body, text


def test_splitting_needs_no_yaml_parser() -> None:
    code = (
        "import sys\n"
        "from coachcli.frontmatter import split_note\n"
        "assert split_note('---\\nrep: A\\n---\\nbody') == ('rep: A\\n', 'body')\n"
        "print('yaml' in sys.modules)\n"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert result.stdout.split() == ["False"], result.stderr
