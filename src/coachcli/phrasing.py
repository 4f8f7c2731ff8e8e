"""Feedback statements as people read them: answers fitted into a template's sentences.

A feedback template is plain text with ``{slot}`` placeholders (a sales
leader writes it; nothing in it can run code). A manager fills each slot
while talking, and answers come out the way people speak: "On the Globex
call" where the template already says "On {situation}", "Talked over the
CFO" in the middle of a sentence. :func:`fit_answer` is the one rule that
repairs an answer for its place; :func:`fill` renders a whole statement with
it, :func:`blank` shows the sentence a slot sits in, as the manager sees it
while answering ("On ___, I noticed you …"), and :func:`words_found` is the
template's gentle check for words that judge rather than describe.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping

PLACEHOLDER = re.compile(r"\{([a-z][a-z0-9_]*)\}")
"""A slot in a template: ``{name}``, lower-case letters, digits and ``_``."""

BLANK = "___"
"""How the slot being answered shows in its sentence."""

_SENTENCE_BREAK = re.compile(r"(?<=[.!?])\s+")
_ECHO_WORDS = 4  # "I noticed that you" is the longest run of a template's words typed again

# Common English words (base forms): a capitalised one of these in the middle
# of a sentence was capitalised out of habit and is lowered. Anything else
# that starts with a capital (Globex, Tuesday, Priya) is taken for a name and
# kept; so are "I", acronyms (CFO) and words with a capital inside (McKinsey,
# iPhone). Words that are also common names or products (will, mark, bill,
# zoom, slack, box) are left out on purpose: a wrong capital reads better than
# a customer's name in lower case.
COMMON_WORDS = frozenset(
    """
    a about above across after again against ago all almost along already also although
    always am among an and another any anyone anything are around as at away back bad
    be because been before behind being below best better between big both brief but by
    can cannot clear clearly close could did didn't do does doesn't doing don't done down
    during each early either else enough even ever every everyone everything exactly few
    first for from full further good great had half hard has have having he her here his
    how however if in instead into is isn't it its just last late least less little long
    lot many may maybe me more most much must my near nearly never new next nice no none
    nor not nothing now of off often old on once one only or other our out over own
    perhaps pretty quick quickly quite rather real really right same she short should
    since so some someone something sometimes soon still such than that the their them
    then there these they this those though through throughout to today together too
    toward towards under until up upon us usually very was wasn't we well were weren't
    what when where whether which while who whole whom whose why with within without
    would wouldn't yes yesterday yet you your
    accept add agree allow answer argue arrive ask assume avoid begin believe blame
    book bring build call cancel challenge change check choose clarify close commit
    compare confirm connect consider continue cover cut decide defend delay deliver
    describe discuss drop end engage escalate expect explain fail feel fill find finish
    focus follow forget get give go handle happen hear help hesitate hold ignore improve
    include interrupt introduce invite join jump keep know lead learn leave let listen
    look lose make manage meet mention miss move need negotiate note offer open own pause
    pitch plan play prepare present press promise propose push put qualify question quote
    raise reach read record reduce reframe repeat reply respond run say see seem send
    set share show skip sound speak spend start stay stop suggest summarise summarize
    support take talk tell thank think try turn understand update use wait walk want
    watch win work write
    began bought brought came chose did felt forgot found gave got had heard held kept knew
    led left let lost made meant met paid put ran said sat saw sent set showed sold spent
    spoke stood thought told took understood went won wrote
    account action agenda agreement answer approach budget business buyer call case
    champion client close comment competitor concern conversation cost customer date
    deadline deal decision demo detail discount discovery email example fact feedback
    follow-up forecast goal idea impact issue meeting message minute moment morning
    need next note number objection offer opportunity order pain partner people period
    person phone pipeline plan point price pricing problem process product progress
    proposal prospect question quarter reason renewal report request result review risk
    room sale script session silence situation slide stage stakeholder step story
    team thing time timeline topic trial value voice week word work
    able afraid angry busy careful careless confident curious detailed direct early
    easy fast firm friendly happy honest important late lazy nervous open polite
    positive prepared quiet ready rude senior short silent slow specific strong
    sure vague weak whole wrong
    """.split()
)

_CAPITALISED = re.compile(r"[A-Z][a-z]+(?:['’][a-z]+)?|A")
_LOWER_WORD = re.compile(r"[a-z]+(?:['’][a-z]+)?")
_TRAILING = re.compile(r"(?<![?!])[.,;:]+$")


def is_common_word(word: str) -> bool:
    """Whether ``word`` (lower case) is a common word, or a regular form of one."""
    if word in COMMON_WORDS:
        return True
    for ending, replacements in (
        ("ied", ("y",)), ("ies", ("y",)), ("ed", ("", "e")), ("ing", ("", "e")),
        ("es", ("", "e")), ("s", ("",)), ("ly", ("",)),
    ):  # fmt: skip
        if word.endswith(ending) and len(word) > len(ending) + 1:
            stem = word[: -len(ending)]
            candidates = [stem + r for r in replacements]
            if ending in ("ed", "ing") and len(stem) > 2 and stem[-1] == stem[-2]:
                candidates.append(stem[:-1])  # stopped, planning
            if any(c in COMMON_WORDS for c in candidates):
                return True
    return False


def fit_answer(before: str, answer: str, after: str) -> str:
    """``answer`` repaired for the place between ``before`` and ``after``.

    ``before`` is the statement so far (the template's text with the earlier
    answers in place), ``after`` the template's text up to the next slot.
    In order:

    1. **Words typed twice.** When the template's last words before the slot
       begin the answer as well ("On" + "On the Globex call", "you" + "you
       said", "I noticed you" + "I noticed you talked over the CFO"), the
       answer loses them. Up to four words, compared without regard to case
       but with their punctuation ("Next," + "Next, update the CRM"), and
       only when something is left.
    2. **A capital out of habit.** In the middle of a sentence (the text
       before does not end with ``.``, ``!`` or ``?``), a first word written
       with one capital ("Talked", "The") is lowered when it is a common
       English word (:data:`COMMON_WORDS`, or a regular form such as
       "talked", "asking"), or is any word right after "you", where a verb
       stands ("you Listed six features"). Names, "I", acronyms (CFO) and
       words with another capital (McKinsey) are kept. At the start of a sentence, a
       first word in lower case gets its capital; "i" is "I" anywhere.
    3. **A full stop before the template's own.** When the template goes on
       with punctuation ("On {situation}, …"), the answer's final ``.``,
       ``,``, ``;`` and ``:`` are dropped (``...``, ``?`` and ``!`` are kept).
    """
    text = answer.strip()
    if not text:
        return text
    text = _drop_echo(before, text)
    text = _fix_capital(before, text)
    if after[:1] in (".", ",", ";", ":", "!", "?") and not text.endswith("..."):
        text = _TRAILING.sub("", text).rstrip()
    return text


def _drop_echo(before: str, text: str) -> str:
    if not before or before[-1:] not in (" ", "\t"):
        return text  # words are compared with their punctuation: "Next," + "Next, update"
    tail = before.split()[-_ECHO_WORDS:]
    words = text.split()
    for count in range(min(len(tail), len(words) - 1), 0, -1):
        if [w.casefold() for w in tail[-count:]] == [w.casefold() for w in words[:count]]:
            rest = text.split(None, count)[count]
            return rest.strip()
    return text


def _fix_capital(before: str, text: str) -> str:
    word = re.split(r"[\s,;:.!?)]", text, maxsplit=1)[0]
    if word in ("i", "i'm", "i've", "i'd", "i'll", "i’m", "i’ve", "i’d", "i’ll"):
        return "I" + text[1:]
    starts_sentence = not before.strip() or before.rstrip()[-1] in ".!?"
    if starts_sentence:
        if _LOWER_WORD.fullmatch(word):
            return text[0].upper() + text[1:]
        return text
    if _CAPITALISED.fullmatch(word) and (
        is_common_word(word.lower()) or before.split()[-1:] == ["you"]  # a verb: "you Listed"
    ):
        return text[0].lower() + text[1:]
    return text


def sentences(template: str) -> list[str]:
    """The template's sentences (split after ``.``, ``!`` or ``?`` and a space)."""
    return [s for s in _SENTENCE_BREAK.split(template) if s]


def fill(template: str, values: Mapping[str, str], optional: Iterable[str] = ()) -> str:
    """The statement: each ``{slot}`` replaced by its answer, fitted with :func:`fit_answer`.

    An empty required slot stays visible as ``[slot]``. An empty optional
    slot disappears: with its whole sentence when no other slot is in it
    ("The impact was {impact}."), else on its own, the spaces around it tidied.
    """
    optional = set(optional)

    def empty(name: str) -> bool:
        return not (values.get(name) or "").strip()

    kept = [
        s
        for s in sentences(template)
        if not (names := PLACEHOLDER.findall(s))
        or not all(n in optional and empty(n) for n in names)
    ]
    parts = PLACEHOLDER.split(" ".join(kept))
    out = parts[0]
    for index in range(1, len(parts), 2):
        name, after = parts[index], parts[index + 1]
        value = fit_answer(out, values.get(name) or "", after)
        if not value:
            value = "" if name in optional else f"[{name}]"
        out += value + after
    out = re.sub(r"[ \t]{2,}", " ", out)
    return re.sub(r" +([.,;:!?])", r"\1", out).strip()


def blank(template: str, slot: str, values: Mapping[str, str]) -> str:
    """The sentence ``slot`` sits in, as the manager answers it: "On ___, I noticed you …".

    Slots before it show their answers (fitted), or ``…`` when not yet
    given; the sentence stops at the next slot after it, with ``…``.
    """
    marker = "{" + slot + "}"
    sentence = next((s for s in sentences(template) if marker in s), template)
    head, _, tail = sentence.partition(marker)
    parts = PLACEHOLDER.split(head)
    out = parts[0]
    for index in range(1, len(parts), 2):
        out += fit_answer(out, values.get(parts[index]) or "", parts[index + 1]) or "…"
        out += parts[index + 1]
    later = PLACEHOLDER.search(tail)
    rest = tail if later is None else tail[: later.start()] + "…"
    return (out + BLANK + rest).strip()


def words_found(text: str, words: Iterable[str]) -> list[str]:
    """Which of ``words`` (or phrases) ``text`` holds as whole words, ignoring case."""
    found = []
    for word in words:
        pattern = r"(?<!\w)" + re.escape(word.strip()) + r"(?!\w)"
        if word.strip() and re.search(pattern, text, re.IGNORECASE):
            found.append(word.strip())
    return found
