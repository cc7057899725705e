"""No regular expression of the parser backtracks catastrophically, and no text of ordinary size
makes the parse slow: every compiled pattern of header/, body.py, formats/ and timex/ is run
against adversarial lines (long runs of spaces, digits, repeated tokens, 100k-character lines),
each in a watched child process so that a pattern that hangs is named instead of hanging the
suite; then whole texts made of such lines go through `parse_bytes` under a time bound."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap

import pytest

from tests.conftest import PROJECT

MODULES = [
    "cable_core.body", "cable_core.cable", "cable_core.header", "cable_core.header.classification",
    "cable_core.header.fields", "cable_core.header.origin", "cable_core.header.routing",
    "cable_core.formats", "cable_core.formats.text", "cable_core.formats.cables_csv",
    "cable_core.formats.html_page", "cable_core.formats.plusd_page", "cable_core.timex.patterns",
    "cable_core.timex.spans", "cable_core.timex.tagger", "cable_core.timex.normalize",
    "cable_core.timex.vocabulary",
]
N = 100_000
SWEEP = 20_000  # per pattern: long enough that a quadratic pattern takes seconds, not hours


def adversarial_lines(n: int = N) -> dict[str, str]:
    """Inputs that make badly nested quantifiers explode; each ends in a character that makes
    most patterns fail at the end, which is where backtracking is tried in full."""
    tokens = {
        "spaces": " ", "digits": "1", "letters": "A", "lower": "a", "dots": ".", "dashes": "-",
        "slashes": "/", "tabs": "\t", "pilcrows": "\u00b6",
        "words": "SECRET ", "marking": "(C) ", "numbered": "1. ", "subject": "SUBJECT: ", "tags": "PREL ",
        "routing": "RUEHC/", "dtg": "240734Z ", "date": "10/23/2015 ", "month": "OCTOBER 23, ",
        "ref": "REF: A. STATE 123 ", "eo": "E.O. 12958: DECL: ", "quote": '"', "paren": "(", "comma": ", ",
        "summary": "SUMMARY: ", "comment": "COMMENT: ", "csv": '"1","', "tag": "<a ", "entity": "&amp;",
        "space-digit": " 1", "caps-space": "ABC DEF ", "colon": ":", "backslash": "\\",
    }
    inputs: dict[str, str] = {}
    for name, token in tokens.items():
        run = (token * (n // len(token) + 1))[:n]
        inputs[name] = run + "\x00"
    inputs["lines"] = ("A" * 79 + "\n") * (n // 80)
    inputs["blank-lines"] = " \n" * (n // 2)
    inputs["space-then-word"] = " " * n + "word"
    return inputs


WORKER = textwrap.dedent("""
    import importlib, json, re, signal, sys, time
    sys.path.insert(0, sys.argv[1])
    inputs = json.load(sys.stdin)

    def alarm(*_):
        raise TimeoutError
    signal.signal(signal.SIGPROF, alarm)  # the regex engine checks signals: a hang is cut at 0.5 s of CPU

    def patterns(module):
        for name, value in vars(module).items():
            items = [value]
            if isinstance(value, (list, tuple)):
                items = list(value)
            elif isinstance(value, dict):
                items = list(value.values())
            for i, item in enumerate(items):
                if isinstance(item, tuple):
                    item = next((x for x in item if isinstance(x, re.Pattern)), None)
                if isinstance(item, re.Pattern) and isinstance(item.pattern, str):
                    yield f"{module.__name__}.{name}" + (f"[{i}]" if len(items) > 1 else ""), item

    seen = set()
    for module_name in sys.argv[2:]:
        module = importlib.import_module(module_name)
        for label, pattern in patterns(module):
            if id(pattern) in seen:
                continue
            seen.add(id(pattern))
            anchored = module_name.startswith("cable_core.timex")
            for input_name, text in inputs.items():
                print(json.dumps({"start": label, "input": input_name}), flush=True)
                t = time.process_time()
                signal.setitimer(signal.ITIMER_PROF, 0.5)
                try:
                    if anchored:  # the tagger matches its patterns at candidate positions only
                        pattern.match(text)
                        pattern.match(text, len(text) // 2)
                    else:
                        pattern.search(text)
                        for _ in zip(range(50), pattern.finditer(text)):
                            pass
                except TimeoutError:
                    pass
                signal.setitimer(signal.ITIMER_PROF, 0)
                print(json.dumps({"done": label, "input": input_name,
                                  "seconds": time.process_time() - t}), flush=True)
""")


KNOWN_BACKTRACKING: set[str] = set()
"""Patterns known to be quadratic, named here until their fix lands (the test then guards them)."""


def test_every_parser_pattern_is_linear_on_adversarial_lines() -> None:
    proc = subprocess.Popen([sys.executable, "-c", WORKER, str(PROJECT), *MODULES], stdin=subprocess.PIPE,
                            stdout=subprocess.PIPE, text=True)
    try:
        out, _ = proc.communicate(json.dumps(adversarial_lines(SWEEP)), timeout=float(os.environ.get("REGEX_TIMEOUT", 300)))
    except subprocess.TimeoutExpired:
        proc.kill()
        out, _ = proc.communicate()
        last = json.loads(out.strip().splitlines()[-1])
        pytest.fail(f"pattern {last.get('start')} hangs on the input {last.get('input')!r}")
    assert proc.returncode == 0
    timings = [json.loads(line) for line in out.splitlines() if '"done"' in line]
    assert len({t["done"] for t in timings}) > 100, "too few patterns found: the module list is stale"
    slow = sorted(((round(t["seconds"], 2), t["done"], t["input"]) for t in timings
                   if t["seconds"] > 0.1 and t["done"] not in KNOWN_BACKTRACKING), reverse=True)
    assert not slow, f"patterns slower than 0.1 s on a {SWEEP:,}-character line: {slow[:12]}"


# --- whole parses ----------------------------------------------------------------------------

def _texts() -> dict[str, str]:
    header = "UNCLAS ASTANA 000280\n\nSUBJECT: TEST\n\n"
    lines = adversarial_lines()
    texts = {name: header + text for name, text in lines.items()}
    texts["many-numbered-paragraphs"] = header + "".join(f"{i % 999 + 1}. (C) word word.\n\n" for i in range(8000))
    texts["one-paragraph-many-blocks"] = header + "1. (C) Start\n\n" + "and then more words follow here\n\n" * 3000
    texts["quotes"] = header + "1. (C) " + 'He said "yes" and she said "no", ' * 3000
    texts["comment-no-end"] = header + "1. (C) " + "COMMENT: text " * 7000
    return texts


SLOW_IN_CODE_NOT_OWNED_HERE: set[str] = set()
"""Texts whose whole parse is known to be slow, named here until their fix lands."""

PARSE_WORKER = textwrap.dedent("""
    import json, signal, sys, time
    sys.path.insert(0, sys.argv[1])
    from cable_core.pipeline import parse_bytes

    def alarm(*_):
        raise TimeoutError
    signal.signal(signal.SIGPROF, alarm)
    for name, text in json.load(sys.stdin).items():
        t = time.process_time()
        signal.setitimer(signal.ITIMER_PROF, float(sys.argv[2]))
        try:
            results = len(parse_bytes(text.encode("utf-8"), name + ".txt"))
        except TimeoutError:
            results = -1
        signal.setitimer(signal.ITIMER_PROF, 0)
        print(json.dumps({"name": name, "seconds": time.process_time() - t, "results": results}), flush=True)
""")
BOUND = 2.0


def test_whole_parse_of_adversarial_text_is_bounded() -> None:
    """Each text (about 100k characters) is parsed in under 2 s; a parse is cut at 4 s so that
    one slow text cannot hold up the rest."""
    run = subprocess.run([sys.executable, "-c", PARSE_WORKER, str(PROJECT), str(2 * BOUND)],
                         input=json.dumps(_texts()), capture_output=True, text=True, timeout=600)
    assert run.returncode == 0, run.stderr[-2000:]
    timings = {r["name"]: r for r in map(json.loads, run.stdout.splitlines())}
    assert set(timings) == set(_texts())
    slow = {name: round(r["seconds"], 1) for name, r in timings.items() if r["seconds"] > BOUND}
    assert all(r["results"] == 1 for name, r in timings.items() if name not in slow)
    unexpected = {name: t for name, t in slow.items() if name not in SLOW_IN_CODE_NOT_OWNED_HERE}
    assert not unexpected, f"texts parsed in more than {BOUND} s: {unexpected}"
    fixed = SLOW_IN_CODE_NOT_OWNED_HERE - set(slow)
    if fixed:
        pytest.xfail(f"now fast, remove from SLOW_IN_CODE_NOT_OWNED_HERE: {sorted(fixed)}")
