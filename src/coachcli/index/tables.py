"""The index's tables, as SQL: what the cache keeps of each note.

``meta`` (format, version, home); ``folders`` (one per rep folder: a
digest of its files' signatures, so an unchanged folder is not compared
file by file); ``files`` (one per note or
actions file: rep folder, name, signature, problem); ``notes`` (one per
readable note, id = its file's id; ratings, metrics and question ids in one
small JSON column, which loads faster than three more tables); ``actions``
and ``reviews`` keyed by (note, position); ``changes`` keyed by (actions
file, position); ``note_text``, an FTS5 table (unicode61 tokenizer, accents
removed) of each note's summary and body, rowid = the note's id.
"""

from __future__ import annotations

from coachcli.self_review_ids import BUILT_IN, FIGURES

MAYBE_SELF_REVIEW = " OR ".join(
    [f"framework = '{BUILT_IN}'"] + [f"instr(detail, '\"{m}\"') > 0" for m in FIGURES]
)
"""SQL: a note that may be a self-review's (the built-in's, or one with a figure's id in its
detail; :func:`coachcli.self_review_ids.is_self_review_note` decides). A partial index holds
only those, so finding the manager's own folders reads a few rows, not every note."""

SCHEMA = (
    """
CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL) WITHOUT ROWID;
CREATE TABLE files (
    id INTEGER PRIMARY KEY,
    rep_slug TEXT NOT NULL,
    name TEXT NOT NULL,
    mtime_ns INTEGER NOT NULL,     -- -1: read it again next time
    size INTEGER NOT NULL,
    inode INTEGER NOT NULL,
    problem TEXT,                  -- NULL when the file was read, else why it cannot be
    UNIQUE (rep_slug, name)
);
CREATE INDEX files_with_problems ON files (rep_slug, name) WHERE problem IS NOT NULL;
CREATE TABLE notes (
    id INTEGER PRIMARY KEY,        -- = files.id
    rep_slug TEXT NOT NULL,
    name TEXT NOT NULL,            -- = files.name
    rep TEXT NOT NULL,
    started TEXT NOT NULL,         -- ISO 8601 with its UTC offset, as in the note
    started_ts REAL NOT NULL,      -- seconds since the epoch: the order
    day TEXT NOT NULL,             -- YYYY-MM-DD (the note's own date)
    framework TEXT NOT NULL,
    framework_name TEXT NOT NULL,
    kind TEXT NOT NULL,
    duration_minutes INTEGER NOT NULL,
    coaching_minutes REAL NOT NULL,
    performance_minutes REAL NOT NULL,
    summary TEXT NOT NULL,
    detail TEXT NOT NULL,          -- JSON [{rating: level}, {metric: value}, [question id]]
    body_line INTEGER NOT NULL,    -- the file's line number of the body's first line
    subject TEXT NOT NULL,         -- the deal or account the session was about, or ''
    neutral_minutes REAL NOT NULL, -- minutes in neutral sections: in neither share
    estimated INTEGER NOT NULL     -- 1: predates measured meeting time (counted by plan)
);
CREATE INDEX notes_by_rep ON notes (rep_slug, started_ts);
CREATE INDEX notes_order ON notes (started_ts DESC, rep_slug, name DESC);
CREATE INDEX notes_by_day ON notes (rep_slug, day, started_ts, name);
CREATE TABLE actions (
    note INTEGER NOT NULL, pos INTEGER NOT NULL,
    id TEXT NOT NULL, text TEXT NOT NULL, owner TEXT NOT NULL, due TEXT NOT NULL,
    status TEXT NOT NULL,
    closed_on TEXT,                -- the task line's done or dropped date (format 2)
    final INTEGER NOT NULL,        -- 1: the task line is the status (format 2)
    comment TEXT NOT NULL,
    PRIMARY KEY (note, pos)
) WITHOUT ROWID;
CREATE TABLE reviews (
    note INTEGER NOT NULL, pos INTEGER NOT NULL,
    action_id TEXT NOT NULL, outcome TEXT NOT NULL, comment TEXT NOT NULL,
    PRIMARY KEY (note, pos)
) WITHOUT ROWID;
CREATE TABLE changes (
    file INTEGER NOT NULL, pos INTEGER NOT NULL, rep_slug TEXT NOT NULL,
    action_id TEXT NOT NULL, status TEXT NOT NULL, day TEXT NOT NULL, comment TEXT NOT NULL,
    PRIMARY KEY (file, pos)
) WITHOUT ROWID;
CREATE TABLE folders (rep_slug TEXT PRIMARY KEY, digest TEXT NOT NULL) WITHOUT ROWID;
CREATE TABLE stale (rep_slug TEXT PRIMARY KEY) WITHOUT ROWID;
CREATE TABLE action_states (
    rep_slug TEXT NOT NULL, id TEXT NOT NULL,
    text TEXT NOT NULL, owner TEXT NOT NULL, due TEXT NOT NULL,
    created TEXT NOT NULL,         -- the date of the session that agreed it
    note TEXT NOT NULL,            -- that note's file name in the rep's folder
    status TEXT NOT NULL, closed_on TEXT, comment TEXT NOT NULL,
    missed INTEGER NOT NULL, final INTEGER NOT NULL,
    PRIMARY KEY (rep_slug, id)
) WITHOUT ROWID;
CREATE INDEX states_by_status ON action_states (status, rep_slug);
"""
    + f"CREATE INDEX notes_maybe_self_review ON notes (rep_slug) WHERE {MAYBE_SELF_REVIEW};\n"
)
FTS = "CREATE VIRTUAL TABLE note_text USING fts5(summary, body, tokenize='{}')"
TOKENIZERS = ("unicode61 remove_diacritics 2", "unicode61 remove_diacritics 1")
CHILD_TABLES = ("actions", "reviews")
