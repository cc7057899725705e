"""People, organisations and places named in a cable, by rule.

People, mixed-case text: each run of capitalised words is read once (one scan per paragraph);
title words ("Belgian Foreign Minister") before a name make it a person, as do two or more name
words with no title ("Edwin Arias", "Kurt Volker") and one name word followed by a speech verb
("Cordero claimed"). Words that are not names stop a run: months, weekdays, places and
nationalities (conventions/countries.csv), organisation heads, shorthand (conventions/abbreviations.csv)
and common English words (conventions/common_words.txt, from the corpus; a common word is a name
only with another cue). ALL-CAPS cables have no case cue: titles and honorifics anchor people there,
and a surname found once is found everywhere in the cable. The header adds the classifier
(`Classified By:`), the signer and the addressees named in passing lines ("DEPT FOR SCA/FO
(A/S BOUCHER)"; the word before FOR is the post or agency a line goes to: "USIA FOR NEA"). An
untitled name written before a place or group noun ("Lam Dong provinces", "HIZBALLAH MEMBERS")
is no person anywhere in the cable. Organisations: shorthand expanded from the table and the cable's own country
(GOK), named bodies ending in a head word ("Ministry of Foreign Affairs"). Places: countries and
capitals.

Ids are stable across cables: `organization:<slug>`, `place:<slug>`, and for people
`person:<surname>` ("Tokayev", "Foreign Minister Tokayev" and "Kassym-Jomart Tokayev" are all
`person:tokayev`). The surname is the last name word, or from a particle on ("de Gucht" ->
`person:de-gucht`); an Arabic family name is read from its last article, which the id leaves out
("Jawad bin Salim Al Arayed", "Al Arayed" and "Arayed" are all `person:arayed`); a Chinese or Korean
name opens with the surname ("Chen Shui-bian" -> `person:chen`); a user name of a passing line is an
initial and a surname ("JBRAMBILLA" -> "J. Brambilla", `person:brambilla`). Only when one cable
names two people with the same surname and different given names ("Ilham Aliyev" and "Heydar
Aliyev") does each get the given name's initial as well (`person:aliyev-i`, `person:aliyev-h`); a
bare "Aliyev" in that cable stays `person:aliyev`. Within a cable, a shorter form of a name ("del
Cioppo" for "Pascual del Cioppo", "Shaikh Mohsin" for "Shaikh Mohsin Al Asfoor") is the same person.
"""

from __future__ import annotations

import csv
import re
import unicodedata
from collections import Counter
from dataclasses import dataclass, field
from functools import cache, cached_property, lru_cache
from pathlib import Path
from typing import Iterable, Iterator, NamedTuple, Sequence

from pydantic import TypeAdapter

from cable_core.models import Cable, Entity

CONVENTIONS = Path(__file__).parent / "conventions"

# Words that end a title ("Foreign Minister", "Ambassador") and words that may stand before them.
TITLE_HEADS = (
    "Minister Ministers President Ambassador Secretary Senator Governor Mayor Chairman Chairwoman Chair "
    "Director Director-General Spokesman Spokeswoman Speaker King Queen Prince Princess Sheikh Sheikha Shaikh "
    "Shaikha Sayyid Sayyida Emir Amir "
    "Sultan General Gen. Admiral Adm. Colonel Col. Lieutenant Lt. Major Maj. Captain Capt. Commander "
    "Chief Advisor Adviser Counselor Counsellor Consul Attache Judge Justice Prosecutor Bishop "
    "Archbishop Cardinal Patriarch Imam Rabbi Mufti Congressman Congresswoman Representative Rep. Sen. "
    "Gov. Deputy MP Premier Chancellor Leader Head Coordinator Envoy Representative Undersecretary "
    "Commissioner Officer Charge Charg Mr. Mrs. Ms. Dr. Prof. Professor Sir Lord Dame Lic. Ing. Correspondent "
    "Legislator Lawmaker"
).split()
TITLE_MODIFIERS = (
    "Foreign Prime Vice Deputy First Second Acting Assistant Under Former Defense Defence Interior "
    "Finance Economy Economic Justice Trade Energy Health Education Agriculture Labor Labour Culture "
    "Transport Political Public Affairs Security National Presidential Special Senior Executive Chief "
    "Principal Permanent Attorney Inspector Secretary General Minister State Lieutenant Major Brigadier "
    "Vice-President Vice-Minister Parliamentary Opposition Party Crown Supreme Grand Consul Defense "
    "Intelligence Environment Information Industry Oil Petroleum Emergency Military Police Army Navy Air Force"
).split()
ROLE_PATTERN_EXTRA = ("Charge d'Affaires", "Charge d’Affaires", "Director General", "Secretary General")
# Heads beyond TITLE_HEADS in the ALL-CAPS title pattern ("FM LAVROV", "SHAYKH SHARIF").
EXTRA_TITLE_HEADS = ("FM", "PM", "Father", "Shaykh")
# Words beyond TITLE_HEADS that end a title in a capitalised run (title_heads, title_word_set).
EXTRA_RUN_TITLE_HEADS = EXTRA_TITLE_HEADS + ("Amb", "Executive", "d'Affaires", "d’Affaires", "d'Affairs",
                                             "D'Affaires")
NAME_PARTICLES = frozenset("de del della di da das dos du van von der den la le el al bin bint ibn ben abu".split())
# Capitalised words that can follow a title and are not names.
NOT_NAME = frozenset(
    """The A An And Or But Of For In On At To By With From As That This These Those Who Whom Which
    He She It They We I His Her Its Their Our Also Said Told Met Noted Stated Added Asked Explained
    Emphasized Stressed Agreed Expressed Will Would Could Should May Might Must Can Has Have Had Is Are Was
    Were Be Been Being Not No Did Does Do Himself Herself Said Says Has Again Then Now However Today
    Yesterday Tomorrow Monday Tuesday Wednesday Thursday Friday Saturday Sunday January February March
    April May June July August September October November December Embassy Government Ministry Office
    Council Party Committee Post Department State Mission Washington Comment Note Summary End Begin
    Ambassador Ambassadors General Secretary Minister President Deputy Foreign Prime Vice Chief Director
    During After Before Since Until While If When Where Called Replied Responded Insisted Confirmed
    Acknowledged Affirmed Reported Observed Concluded Remarked Mentioned Informed Reiterated Expected
    Plans Planned Made Make Gave Give Took Take Visited Visit Visits Led Leads Urged Warned Welcomed
    Underscored Pointed Described Termed Claimed Announced Suggested Indicated Hosted Called Discussed
    Agrees Wants Wanted Seems Appeared Appears Believes Believed Thinks Thought Went Came Received
    Signed Opened Attended Raised Offered Spoke Speaking Says About Who Whose Why How What""".split()
)
# A person who is the subject of one of these verbs is who "he" or "she" means next.
SPEECH_VERBS = (
    "said says told tells added emphasized emphasised stressed noted stated explained asked replied "
    "responded remarked observed mentioned informed reiterated insisted acknowledged affirmed confirmed "
    "complained warned argued claimed suggested indicated declared announced asserted commented conceded "
    "admitted lamented predicted promised urged assured reported concluded continued termed called "
    "described characterized characterised underscored opined pointed agreed believed believes thinks"
).split()
ROLE_WORDS = ("Ambassador", "Foreign Minister", "Minister", "President", "Prime Minister", "DCM", "Charge",
              "Deputy Foreign Minister", "Secretary", "Governor", "Mayor", "Chairman", "Director")
ORG_HEADS = (
    "Ministry Party Council Committee Commission Parliament Assembly Bank Agency Union Front Movement "
    "Court Organization Organisation Association Federation Secretariat Corporation Company University "
    "Institute Embassy Service Police Directorate Bureau Authority Foundation Senate Congress Majlis Duma "
    "Coalition Alliance Forces Army Navy Administration Cabinet Tribunal Prosecutor's "
    "Government Department Office Conference Force Brigade Chamber Division Command Industries Group "
    "Society Airlines Airways "
    # Taiwan's branches of government: "Legislative Yuan", "Control Yuan".
    "Yuan "
    # Plurals name bodies too ("Jaafari Shi'a Shari'a Courts") and never a person.
    "Courts Councils Committees Commissions Ministries Parties Agencies Unions Movements Organizations "
    "Organisations Associations Federations Societies Institutes Authorities Foundations Tribunals Universities"
).split()
# Words naming a person's office, which an organisation's name does not take in ("Member of Parliament").
OFFICE_HOLDERS = frozenset([*TITLE_HEADS, "Member", "Members"])
# Title-cased words that start a sentence or a heading rather than an organisation's name.
ORG_STOP = frozenset("The A An In On At To For Of And But By With From As This That Its His Her Their Our".split())


def words_pattern(words: Iterable[str]) -> str:
    """An alternation of words nested by shared prefixes ("s(?:aid|ays|tated)"): the engine tries
    each alternative in turn, so a flat list of a hundred verbs costs a hundred tries where a
    tree costs a few. A longer word is tried before its prefix, so "Foreign Minister" wins over
    "Foreign" as in a list sorted longest first."""
    tree: dict[str, dict] = {}
    for word in set(words):
        node = tree
        for char in word:
            node = node.setdefault(char, {})
        node[""] = {}  # a word ends here
    return _tree_pattern(tree)


def _tree_pattern(node: dict[str, dict]) -> str:
    branches = [re.escape(char) + _tree_pattern(child) for char, child in sorted(node.items()) if char]
    if not branches:
        return ""
    if "" in node:  # a word ends here: the longer words are optional (greedy, so tried first)
        return f"(?:{'|'.join(branches)})?"
    return branches[0] if len(branches) == 1 else f"(?:{'|'.join(branches)})"


@dataclass(frozen=True)
class Country:
    name: str
    adjective: str
    fips: str
    capital: str

    @cached_property  # asked of every paragraph's government shorthand
    def initials(self) -> str:
        return "".join(word[0] for word in self.name.split() if word[0].isupper())


@cache
def countries() -> tuple[Country, ...]:
    with (CONVENTIONS / "countries.csv").open(newline="", encoding="utf-8") as handle:
        return tuple(Country(r["country"], r["adjective"], r["fips"], r["capital"]) for r in csv.DictReader(handle))


@dataclass(frozen=True)
class Abbreviation:
    expansion: str
    kind: str  # organization | role | generic
    scope: str  # "host": of the cable's own country


@cache
def abbreviations() -> dict[str, Abbreviation]:
    with (CONVENTIONS / "abbreviations.csv").open(newline="", encoding="utf-8") as handle:
        return {r["abbreviation"]: Abbreviation(r["expansion"], r["kind"], r["scope"]) for r in csv.DictReader(handle)}


@dataclass(frozen=True)
class Patterns:
    """The regular expressions of one casing: mixed-case text or ALL-CAPS text. Each starts with a
    literal word (an organisation head): a pattern opening with a generic capitalised word would be
    tried at every position and cost milliseconds per cable."""

    government_of: re.Pattern[str]
    organization: re.Pattern[str] | None


@cache
def caps_titled_person() -> re.Pattern[str]:
    """ALL-CAPS: a title and up to four name words ("FOREIGN MINISTER TOKAYEV"). Mixed-case text
    reads its titles from its runs of capitalised words (add_people_from_runs), so the pattern,
    long to compile, is compiled only for a release with ALL-CAPS cables."""
    heads = words_pattern(caps_title_heads()).upper()
    name_word = r"[A-Z][A-Z'’\-]+"
    particle = words_pattern(p.upper() for p in NAME_PARTICLES)
    name = rf"{name_word}(?:\s+(?:(?:{particle})\s+)?(?:{name_word}|[A-Z]\.)){{0,3}}"
    return re.compile(rf"\b(?P<title>{heads})\.?\s+(?P<name>{name})")


@cache
def caps_title_heads() -> list[str]:
    """The heads of caps_titled_person, as the tables write them."""
    role_abbreviations = [a for a, v in abbreviations().items() if v.kind == "role"]
    return TITLE_HEADS + role_abbreviations + list(ROLE_PATTERN_EXTRA + EXTRA_TITLE_HEADS)


LETTERS_AND_DIGITS = re.compile(r"[A-Za-z0-9]+")


@cache
def caps_title_first_words() -> dict[str, frozenset[str]]:
    """The first word of each head of caps_titled_person ("A/S", "GEN.", "CHARGE"), upper-cased,
    by the letters and digits that open it ("A", "GEN", "CHARGE")."""
    table: dict[str, set[str]] = {}
    for head in caps_title_heads():
        first = head.upper().split()[0]
        table.setdefault(LETTERS_AND_DIGITS.match(first).group(), set()).add(first)
    return {opening: frozenset(words) for opening, words in table.items()}


def titled_person_starts(text: str, tokens: frozenset[str]) -> list[int]:
    """Where caps_titled_person may match, in order: where a head's first word is written, no
    letter or digit before it, for the heads whose opening is a capitalised token or a piece of a
    hyphenated one ("EX-MINISTER"). A search would try the pattern, which opens with a word
    boundary, at every position of the text."""
    table = caps_title_first_words()
    return sorted({at for opening in table.keys() & with_hyphen_pieces(tokens)
                   for word in table[opening] for at in word_starts(text, word)})


@cache
def patterns(all_caps: bool) -> Patterns:
    return Patterns(
        government_of=re.compile(r"\bGO([A-Z]{1,3})\b"),
        organization=None if all_caps else re.compile(
            # No "\b" before the heads: the pattern is matched where a head is written and
            # organization_matches checks what stands before it.
            rf"(?:{words_pattern(ORG_HEADS)})\b"
            rf"(?:\s+(?:of|for)\s+(?:the\s+)?[A-Z][A-Za-z\-]+(?:\s+[A-Z][A-Za-z\-]+){{0,3}})?"
        ),
    )


@cache
def title_prefix_words() -> frozenset[str]:
    """Words that may stand before a title head: "Belgian", "Deputy Foreign" (compared lower-cased)."""
    return frozenset(w.lower() for w in [*TITLE_MODIFIERS, *(c.adjective for c in countries())])


def title_start(text: str, head_start: int) -> int:
    """Where the title that ends in the head at `head_start` begins: up to five modifier or
    nationality words before it ("Belgian Foreign Minister")."""
    start = head_start
    for _ in range(5):
        previous = previous_word(text, start)
        if not previous or previous[1].lower() not in title_prefix_words():
            break
        start = previous[0]
    return start


# The word before a position is matched in the reversed text before it: a search for a word at
# the end of a window would try every start in the window.
REVERSED_WORD_BEFORE = re.compile(r"\s+([A-Za-z\-]*)")


def previous_word(text: str, end: int) -> tuple[int, str] | None:
    """(start, word) of the word, letters and hyphens opening with a letter, that whitespace
    separates from `end`, looking back at most 30 characters."""
    if end <= 0:
        return None
    match = REVERSED_WORD_BEFORE.match(text[max(0, end - 30): end][::-1])
    if not match:
        return None
    word_end = end - match.start(1)
    word = text[end - match.end(1): word_end].lstrip("-")
    return (word_end - len(word), word) if word else None


# Bytes tables: the letters of a sample are counted by deleting the others in C.
NOT_LOWER = bytes(c for c in range(256) if not (97 <= c <= 122))
NOT_LETTER = bytes(c for c in range(256) if not (97 <= c <= 122 or 65 <= c <= 90))


def is_all_caps(text: str) -> bool:
    sample = text[:1500].encode("ascii", "ignore")
    letters = len(sample.translate(None, NOT_LETTER))
    return letters > 0 and len(sample.translate(None, NOT_LOWER)) < 0.05 * letters


NOT_SLUG = re.compile(r"[^a-z0-9]+")


@lru_cache(maxsize=65536)
def slug(text: str) -> str:
    ascii_text = text if text.isascii() else unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return NOT_SLUG.sub("-", ascii_text.lower()).strip("-")


@lru_cache(maxsize=65536)
def display_case(name: str) -> str:
    """ "DE GUCHT" -> "de Gucht", "O'MARA" -> "O'Mara", "MCCARTHY" -> "McCarthy": names out of
    ALL-CAPS text. ("Mac" is left alone: "MACHADO" and "MACK" are not "MacHado" and "MacK".)"""
    words = []
    for word in name.split():
        lower = word.lower()
        words.append(lower if lower in NAME_PARTICLES and words else NAME_PIECE.sub(_capitalized, lower))
    return " ".join(words)


NAME_PIECE = re.compile(r"(?:mc(?=[^\W\d_]{2}))?[^\W\d_]+")  # letters; "mc" + two or more: "McCain", not "Mca"


def _capitalized(piece: re.Match[str]) -> str:
    text = piece.group(0)
    return "Mc" + text[2:].capitalize() if text.startswith("mc") and len(text) > 3 else text.capitalize()


def surname_of(name: str) -> str:
    """The surname: an Arabic family name from its last article on ("Jawad bin Salim Al Arayed" ->
    "Al Arayed": "bin Salim" is the father's name), else from the first particle on ("de Gucht",
    "de Hoop Scheffer"), else the last word. A particle with two or more words after its own
    belongs to the given names, and those words are the surnames ("Maria del Rocio Arias Hoyos"
    -> "Arias Hoyos"). A Chinese or Korean name opens with its surname ("Chen Shui-bian")."""
    words = name.split()
    if len(words) > 1 and "-" in words[-1] and EAST_ASIAN_GIVEN_NAME.fullmatch(words[-1]):
        return words[-2]  # "Chen Shui-bian", "Kim Dae-jung": the surname comes first
    particles = [i for i, word in enumerate(words[:-1]) if word.lower() in NAME_PARTICLES]
    if not particles:
        return words[-1]
    articles = [i for i in particles if words[i].lower() in ARABIC_ARTICLE_WORDS]
    if articles:
        return " ".join(words[articles[-1]:])
    first = next((i for i in particles if i > 0), None)
    if first is None:
        return words[-1]
    after = first + 1
    while after < len(words) and words[after].lower() in NAME_PARTICLES:
        after += 1
    if len(words) - after > 2:  # "del Rocio" + "Arias Hoyos"
        return " ".join(words[-2:])
    return " ".join(words[first:])


# A Chinese or Korean given name of two syllables, the second in lower case: "Shui-bian", "Dae-jung".
EAST_ASIAN_GIVEN_NAME = re.compile(r"[A-Z][a-z]{1,5}-[a-z]{2,5}")
# The Arabic article, a word of its own ("Al Thawadi") or joined ("al-Maliki"): it opens a family
# name but no id, since cables write the same name with and without it ("Al Thawadi", "Thawadi").
ARABIC_ARTICLE_WORDS = frozenset(("al", "el"))
ARTICLE_OPENING = re.compile(r"^(?:al|el)(?:-|\s+)(?=[^\W\d_])", re.I)


@lru_cache(maxsize=65536)
def surname_forms(name: str) -> tuple[str, ...]:
    """The surname as written and upper-cased, with and without an Arabic article ("Al Thawadi",
    "Thawadi"), and the first of two surnames ("Arias Hoyos", "Arias"), which a cable may use alone."""
    surname = surname_of(name)
    other = without_article(surname)
    if other == surname and " " in surname:
        first = surname.split(" ", 1)[0]
        other = surname if first.lower() in NAME_PARTICLES else first  # "de Gucht" has no other form
    return tuple(dict.fromkeys((surname, surname.upper(), other, other.upper())))


@lru_cache(maxsize=65536)
def person_id(name: str) -> str:
    # Surname only: a given name is often absent, and the same person must get the same id in every cable.
    return f"person:{slug(without_article(surname_of(name)))}"


def without_article(surname: str) -> str:
    """ "Thawadi" for "Al Thawadi", "Maliki" for "al-Maliki"."""
    return ARTICLE_OPENING.sub("", surname) if surname[:2].lower() in ARABIC_ARTICLE_WORDS else surname


POSSESSIVE_ENDING = re.compile(r"['’]s$", re.I)


def trim_name(words: list[str], all_caps: bool) -> list[str]:
    """Cut a name candidate at the first word that cannot be part of a name."""
    kept: list[str] = []
    for word in words:
        word, dash, _ = word.partition("--")  # a dash ends the name ("MANDELA--WHO STILL")
        bare = POSSESSIVE_ENDING.sub("", word)
        if not bare:
            break
        key = bare.capitalize() if all_caps else bare
        if (key in NOT_NAME or key.upper() in abbreviations() or (all_caps and key.lower() in SPEECH_VERBS)
                or key.lower() in places_by_first_word()):
            break
        kept.append(bare)
        if bare != word or dash:  # a possessive or a dash ends the name
            break
    while kept and kept[-1].lower() in NAME_PARTICLES:
        kept.pop()
    if all_caps and not any(w.lower() in NAME_PARTICLES for w in kept):
        # Two name words, an initial between them free ("MANUEL A. NORIEGA").
        limit = 3 if len(kept) > 2 and INITIAL.fullmatch(kept[1]) else 2
        kept = kept[:limit]
        while kept and INITIAL.fullmatch(kept[-1]):
            kept.pop()
    return kept


# The paragraph of a mention in the subject line or the header: -1 sorts before every paragraph
# number, and (int, str) keys sort in C without a key function.
NO_PARAGRAPH = -1


@dataclass
class EntityBuilder:
    id: str
    name: str
    kind: str
    title: str | None = None
    mentions: dict[tuple[int, str], None] = field(default_factory=dict)  # ordered set of (paragraph, text)
    full_names: dict[str, None] = field(default_factory=dict)  # ordered set of names with a given name
    from_header: bool = False
    first_paragraph: int = NO_PARAGRAPH  # the first body paragraph naming it (the output order)

    def add(self, paragraph: int | None, text: str, name: str | None = None, title: str | None = None) -> None:
        if paragraph is None:
            paragraph = NO_PARAGRAPH
        elif paragraph >= 0 and (self.first_paragraph < 0 or paragraph < self.first_paragraph):
            self.first_paragraph = paragraph
        self.mentions[(paragraph, text)] = None
        if name and self.kind == "person" and " " in name and not name[:1].islower():
            self.full_names[name] = None
        if name and len(name) > len(self.name):
            self.name = name
        if title and (not self.title or len(title) > len(self.title)):
            self.title = title

    def absorb(self, other: EntityBuilder) -> None:
        """Take `other`'s mentions (and its title, if this has none): the two are one person."""
        self.mentions.update(other.mentions)
        self.title = self.title or other.title
        if other.first_paragraph >= 0 and not 0 <= self.first_paragraph <= other.first_paragraph:
            self.first_paragraph = other.first_paragraph
        self.from_header |= other.from_header

    def as_dict(self) -> dict:
        mentions = [{"paragraph": None if p < 0 else p, "text": t} for p, t in sorted(self.mentions)]
        return {"id": self.id, "name": self.name, "kind": self.kind, "title": self.title, "mentions": mentions}


def given_name(name: str) -> str:
    """ "Ilham" for "Ilham Aliyev", "Shui-bian" for "Chen Shui-bian" (the surname first)."""
    words = name.split()
    return words[-1] if surname_of(name) == words[-2] else words[0]


@lru_cache(maxsize=65536)
def has_given_name(name: str) -> bool:
    """More than a surname: "Mohsin Al Asfoor", not "Al Asfoor" or "de Gucht"."""
    first, _, rest = name.partition(" ")
    return bool(rest) and not first[:1].islower() and first.lower() not in NAME_PARTICLES


# The cable's entities are validated in one call: cheaper than building the models unvalidated
# (pydantic 2.14: `model_construct` costs ~3.5x a validation per model, setting a model's
# attributes by hand ~1.6x; measured in instructions with callgrind).
ENTITY_LIST = TypeAdapter(list[Entity])


class Registry:
    def __init__(self) -> None:
        self.entities: dict[str, EntityBuilder] = {}
        self.places_and_groups: set[str] = set()  # ids of names written before a place or group noun

    def add(self, id: str, kind: str, name: str, paragraph: int | None, text: str, title: str | None = None) -> None:
        builder = self.entities.get(id)
        if builder is None:  # built only when new: a builder costs more than the look-up
            builder = self.entities[id] = EntityBuilder(id, name, kind)
        builder.add(paragraph, text, name, title)

    def of_kind(self, kind: str) -> list[EntityBuilder]:
        return [e for e in self.entities.values() if e.kind == kind]


def extract_entities(cable: Cable) -> list[Entity]:
    texts = cable_texts(cable)
    all_caps = is_all_caps(" ".join(t for _, t in texts[:3]))
    pattern = patterns(all_caps)
    registry = Registry()
    # One scan per paragraph for its capitalised tokens; every look-up below is a set operation on them.
    tokens = [frozenset(CAP_TOKEN.findall(text)) for _, text in texts]
    for (paragraph, text), words in zip(texts, tokens):
        if all_caps:
            if not title_heads(True).isdisjoint(words):
                add_titled_people(registry, paragraph, text, all_caps, words)
            if paragraph is not None and not CAPS_SPEECH_VERBS.isdisjoint(words):
                add_caps_speakers(registry, paragraph, text)
            if paragraph is not None:
                add_caps_cued_people(registry, paragraph, text)
        elif paragraph is not None:  # the subject line is Title Case: no cue there
            add_people_from_runs(registry, paragraph, text)
    add_header_people(registry, cable)
    add_bare_mentions(registry, texts, tokens, all_caps)
    host = host_country(cable, texts, tokens)
    if host:
        drop_government_shorthand(registry, f"GO{host.initials}")
    for (paragraph, text), words in zip(texts, tokens):
        add_places(registry, paragraph, text, all_caps, words)
        add_abbreviated_organizations(registry, pattern, paragraph, text, host, words)
        if pattern.organization is not None and not organization_heads().isdisjoint(words):
            add_named_organizations(registry, pattern.organization, paragraph, text, words)
        elif all_caps and paragraph is not None and not caps_organization_heads().isdisjoint(words):
            add_caps_organizations(registry, paragraph, text, words)
    add_defined_acronyms(registry, texts, tokens)
    if all_caps:
        mark_caps_places_and_groups(registry, texts, tokens)
    drop_unlikely_people(registry)
    drop_places_and_groups(registry)
    merge_surname_tails(registry)
    if any(not GIVEN_NAME_TITLE_TOKENS.isdisjoint(words) for words in tokens):
        merge_given_name_mentions(registry)
    disambiguate_shared_surnames(registry)
    # A fixed order (the registry fills partly from sets, whose order varies between processes):
    # people, organisations, places, each in order of first mention.
    builders = sorted(registry.entities.values(), key=_entity_order)
    return ENTITY_LIST.validate_python([builder.as_dict() for builder in builders])


_KIND_ORDER = {"person": 0, "organization": 1, "place": 2}


def _entity_order(builder: EntityBuilder) -> tuple[int, int, str]:
    return _KIND_ORDER.get(builder.kind, 3), builder.first_paragraph, builder.id


CAPS_SPEECH_VERBS = frozenset(v.upper() for v in
                              "said told tells added stated claimed noted explained asserted declared announced "
                              "replied confirmed informed stressed emphasized warned insisted acknowledged "
                              "admitted commented remarked observed".split())
CAPS_WORD = r"[A-Z][A-Z'’\-]+"
CAPS_WORD_CHARS = r"[A-Z'’\-]"


class AnchoredPattern(NamedTuple):
    """An ALL-CAPS pattern that opens with a capitalised word and holds a rarer piece, its anchor
    (the "'S" of a possessive, the comma of an apposition). Such a pattern tried at every word
    of ALL-CAPS text costs more than the rest of the cable's people rules: it is tried only at the
    word starts within `reach_back` of an anchor (anchored_matches)."""

    pattern: re.Pattern[str]
    anchor: re.Pattern[str]  # a piece every match holds (a lookahead keeps it short: anchors never overlap)
    reach_back: re.Pattern[str]  # matched on the reversed text before an anchor: the words a match may start in


# "MUSEVENI SAID", "MUSEVENI ALSO SAID".
CAPS_SPEAKER = AnchoredPattern(
    re.compile(rf"\b([A-Z][A-Z'’\-]{{2,}})\s+(?:(?:ALSO|THEN|LATER)\s+)?(?:{words_pattern(CAPS_SPEECH_VERBS)})\b"),
    re.compile(rf"\s(?=(?:{words_pattern(CAPS_SPEECH_VERBS)})\b)"),
    re.compile(rf"\s*(?:(?:OSLA|NEHT|RETAL)\s+)?{CAPS_WORD_CHARS}*"),
)
# "SIAD BARRE'S INDECISION": a possessive of a word that is no common word, place or shorthand.
CAPS_POSSESSIVE = AnchoredPattern(
    re.compile(rf"\b(?:({CAPS_WORD})[ \t]+)?({CAPS_WORD}?[A-Z])['’]S\b"),
    re.compile(r"['’](?=S\b)"),
    re.compile(rf"{CAPS_WORD_CHARS}*(?:[ \t]+{CAPS_WORD_CHARS}*)?"),
)
# "SAMANTAR, NOW FIRST VICE PRESIDENT": a name in apposition to a title.
CAPS_APPOSITION = AnchoredPattern(
    re.compile(rf"\b({CAPS_WORD}),\s+(?:(?:NOW|FORMER|THEN|THE|A|AN)\s+)?({CAPS_WORD})"),
    re.compile(","),
    re.compile(rf"{CAPS_WORD_CHARS}*"),
)
# "MEMBER, IDRIS CELIK, AND", "SECOND-IN-COMMAND, OSMAN MOROTE.": two name words set off by commas.
CAPS_SET_OFF = re.compile(rf"[,(]\s*({CAPS_WORD})\s+({CAPS_WORD})\s*[,);.]")
# "MINISTER OF INTERIOR DRISS BASRI", "CHIEF OF PROTOCOL GEO DE KINUKA".
CAPS_HEAD_OF = AnchoredPattern(
    re.compile(rf"\b(?:MINISTER|MINISTRY|CHIEF|DIRECTOR|SECRETARY|PRESIDENT|GOVERNOR|HEAD|COMMANDER)"
               rf"\s+OF\s+(?:THE\s+)?{CAPS_WORD}\s+({CAPS_WORD}(?:\s+(?:DE|DEL|AL|EL|VAN|VON)?\s*{CAPS_WORD})?)"),
    re.compile(r"OF(?=\s)(?<=\sOF)"),  # a literal opening: the engine looks for "OF" in C
    re.compile(r"\s+[A-Z]*"),
)
CAPS_WORD_START = re.compile(r"\b[A-Z]")


def anchored_matches(search: AnchoredPattern, text: str, reversed_text: str) -> Iterator[re.Match[str]]:
    """What `search.pattern.finditer(text)` yields. Every match holds an anchor and starts within
    the reach back from it, so the pattern is tried at those word starts only, in order: the first
    that matches is the leftmost match, as finditer would find it."""
    position = 0
    for anchor in search.anchor.finditer(text):
        at = anchor.start()
        if at < position:  # inside the last match
            continue
        reach = search.reach_back.match(reversed_text, len(text) - at)
        for start in CAPS_WORD_START.finditer(text, max(position, at - len(reach.group())), at):
            match = search.pattern.match(text, start.start())
            if match:
                yield match
                position = match.end()
                break


@lru_cache(maxsize=16384)
def is_caps_name_word(word: str) -> bool:
    """ALL-CAPS: a word that may be a name: no common word, shorthand, place, nationality, title
    or stop word. `word` is upper case, so stop_caps() also rules out the non_name_words()."""
    bare = word.strip("'’-")
    if len(bare) < 3 or not bare.isalpha() and not re.fullmatch(r"[A-Z]+(?:['’\-][A-Z]+)*", bare):
        return False
    lower = bare.lower()
    if is_caps_acronym(bare) or lower.endswith(VERB_FORM_ENDINGS) and VERB_FORM.search(lower):
        return False
    return not (lower in common_words() or bare in stop_caps() or bare in abbreviations()
                or lower in places_by_first_word() or lower in title_prefix_words()
                or bare.capitalize() in name_stop_words() or lower in SPEECH_VERB_SET
                or (lower.endswith("s") and lower[:-1] in title_prefix_words()))  # "KENYANS"


def is_caps_acronym(word: str) -> bool:
    """ALL-CAPS: a word with a part that has no vowel is shorthand, not a name ("MDC", "ZANU-PF"),
    and so is a short word opening with two letters that open no name ("CSCE", "MFO", "DCHA")."""
    upper = word.upper()
    if len(upper) <= 4 and upper.isalpha() and not NAME_ONSET.match(upper):
        return True
    return any(not VOWELS.intersection(part) for part in upper.split("-") if part)


VOWELS = frozenset("AEIOUY")
# A word that is no name by its ending: the past tense of a verb (ALL-CAPS "TSVANGIRAI PROFESSED",
# "HINTED"; names ending in -ed keep other letters before it: "AHMED", "MOHAMMED", "SAEED", "JAVED")
# or an adverb ("JUDGE HIM BADLY", "PROUDLY"; names ending in -ly have a vowel, l or r before it:
# "DALY", "KELLY", "BEVERLY").
VERB_FORM = re.compile(r"(?:(?:[^aeiou]t|ss|[^aeiou]s|nd|ck|rk|lk|sh|ch|pp|gg|ll|rr)ed|[^aeiouylr]ly)$")
VERB_FORM_ENDINGS = ("ed", "ly")  # a cheap test before the pattern


def add_caps_speakers(registry: Registry, paragraph: int | None, text: str) -> None:
    """ALL-CAPS text: the one word before SAID or TOLD is a person when it is no common word,
    shorthand, place or title ("MUSEVENI SAID")."""
    for match in anchored_matches(CAPS_SPEAKER, text, text[::-1]):
        word = match.group(1)
        if not is_caps_name_word(word):
            continue
        name = display_case(word)
        registry.add(person_id(name), "person", name, paragraph, word)


def add_caps_cued_people(registry: Registry, paragraph: int | None, text: str) -> None:
    """ALL-CAPS text: people by the shape around a name, each word checked by is_caps_name_word:
    a possessive, an apposition to a title, two name words set off by commas, "MINISTER OF X" +
    name. Other mentions of the surname are found later (add_bare_mentions)."""
    found: list[tuple[list[str], str]] = []
    reversed_text = text[::-1]
    for match in anchored_matches(CAPS_POSSESSIVE, text, reversed_text):
        first, last = match.group(1), match.group(2)
        if is_caps_name_word(last):
            words = [first, last] if first and is_caps_name_word(first) else [last]
            found.append((words, " ".join(words)))
    if "," in text:
        for match in anchored_matches(CAPS_APPOSITION, text, reversed_text):
            if is_caps_name_word(match.group(1)) and match.group(2).lower() in title_words_lower():
                found.append(([match.group(1)], match.group(1)))
        position = 0
        while match := CAPS_SET_OFF.search(text, position):
            position = match.end() - 1  # the closing comma may open the next item
            words = [match.group(1), match.group(2)]
            if all(is_caps_name_word(w) for w in words) and max(map(len, words)) > 4:
                found.append((words, " ".join(words)))
    for match in anchored_matches(CAPS_HEAD_OF, text, reversed_text):
        words = match.group(1).split()
        if is_caps_name_word(words[0]) and is_caps_name_word(words[-1]):
            found.append((words, match.group(1)))
    for words, written in found:
        name = display_case(" ".join(words))
        registry.add(person_id(name), "person", name, paragraph, written)


def drop_government_shorthand(registry: Registry, shorthand: str) -> None:
    """The host's government ("GOC" in a cable from Zagreb), which the rules for ALL-CAPS text
    read as a surname. Only the host's: "GOH" elsewhere may be Goh Chok Tong."""
    for id, builder in list(registry.entities.items()):
        if builder.kind == "person" and builder.name.upper() == shorthand:
            del registry.entities[id]


def drop_unlikely_people(registry: Registry) -> None:
    """Drop the people that only the SUBJECT line names (it adds no one, GUIDELINES) and the
    misreadings: a name that holds no name-like word ("There" after "Opposition Leader", "S
    Consulate", "HIM SAID"), every word common English, a place, an office or too short. People
    named in the header (classifier, signer, addressees) are checked only against office symbols
    (`INR`, `AMEMBASSY`), since their names are often common words (WARD)."""
    for id, builder in list(registry.entities.items()):
        if builder.kind != "person":
            continue
        subject_only = builder.first_paragraph < 0 and not builder.from_header
        if subject_only or is_implausible_name(builder.name, builder.from_header, bool(builder.title)):
            del registry.entities[id]


# Nouns after a name that make it a place's or a group's ("Lam Dong provinces", "HIZBALLAH
# MEMBERS", "Hoa Hao sect"). Words a person's name takes too ("Sadr followers", "Fetullah Gulen
# adherents") are left out.
PLACE_OR_GROUP_NOUNS = frozenset("province provinces district districts region county prefecture municipality "
                                 "members demonstrators activists cadres flags sect".split())
# One of the nouns as written in running text, in a title or in ALL-CAPS text, after the name.
NOUN_SPELLINGS = [spelling for noun in PLACE_OR_GROUP_NOUNS for spelling in (noun, noun.capitalize(), noun.upper())]
FOLLOWING_NOUN = re.compile(rf"[ \t]+(?:{words_pattern(NOUN_SPELLINGS)})\b")


def drop_places_and_groups(registry: Registry) -> None:
    """Drop the untitled people whose name the cable writes, somewhere, before a noun of a place
    or a group: a title or the header makes a person whatever follows the name."""
    for id in registry.places_and_groups:
        person = registry.entities.get(id)
        if person is not None and not person.title and not person.from_header:
            del registry.entities[id]


def noun_follows(text: str, name_start: int, name_end: int) -> bool:
    """A place or group noun follows the name at `name_start`, a whole word: a surname alone may
    stand in a longer name ("pro-Rios Montt demonstrators")."""
    return FOLLOWING_NOUN.match(text, name_end) is not None and is_word_boundary(text, name_start - 1)


CAPS_PLACE_OR_GROUP_NOUNS = frozenset(noun.upper() for noun in PLACE_OR_GROUP_NOUNS)  # as CAP_TOKEN reads them


def mark_caps_places_and_groups(registry: Registry, texts: Sequence[tuple[int | None, str]],
                                tokens: Sequence[frozenset[str]]) -> None:
    """ALL-CAPS: the people's names written before a place or group noun ("HIZBALLAH MEMBERS"),
    searched in the paragraphs that hold such a noun only."""
    for (_, text), words in zip(texts, tokens):
        if CAPS_PLACE_OR_GROUP_NOUNS.isdisjoint(words):
            continue
        for person in registry.of_kind("person"):
            written = person.name.upper()
            at = text.find(written)
            while at >= 0:
                if noun_follows(text, at, at + len(written)):
                    registry.places_and_groups.add(person.id)
                    break
                at = text.find(written, at + 1)


PLURAL_ACRONYM = re.compile(r"[A-Z]{2,}s")


@lru_cache(maxsize=65536)
def is_implausible_name(name: str, from_header: bool, titled: bool) -> bool:
    """drop_unlikely_people's rule for misreadings, worked out once per distinct name (names
    recur across cables)."""
    if PLURAL_ACRONYM.fullmatch(name):
        return True  # "NGOs", "MPs", "IDPs"
    words = [w.strip(".,'’").lower() for w in name.split()]
    if " ".join(words) in place_names(not from_header and not titled):
        return True  # "Sao Paulo", "Tel Aviv", "Latin America"
    if from_header:
        return all(w in HEADER_NOT_NAMES or w in non_name_lower() for w in words)
    stop, common = name_stop_words(), common_words()
    return not any(_name_like(w, stop, common) for w in words)


# Words that open a line of a cable's header or passing instructions but never name a person.
HEADER_NOT_NAMES = frozenset("inr amembassy amconsul secstate usmission usdel dept state embassy consulate "
                             "pass info action for and the collective "
                             # the markers a signer line picks up ("END COMMENT", "END TEXT")
                             "begin end text comment note summary".split())
# English function words that capitalised runs in ALL-CAPS text pick up ("HIM SAID", "USED").
FUNCTION_WORDS = frozenset("him her his hers he she they them their it its we us our you i me my used "
                           "was were been being had has have did does do would could should might must "
                           "may also then there here this that these those who whom which what".split())


def _name_like(word: str, stop: frozenset[str], common: frozenset[str]) -> bool:
    """`word`: lower-cased."""
    return (len(word) > 2 and word.capitalize() not in stop and word not in common
            and word not in FUNCTION_WORDS and word not in HEADER_NOT_NAMES
            and not (word.endswith(VERB_FORM_ENDINGS) and VERB_FORM.search(word))
            and word.upper() not in abbreviations())


def merge_surname_tails(registry: Registry) -> None:
    """A person whose name ends exactly one other person's longer name, and whose id ends that
    person's id, is that person: "Cioppo" and "Pascual del Cioppo", "Lopez Contreras" and
    "Armida de Lopez Contreras" (a surname read with or without its particle or first surname)."""
    by_tail: dict[str, list[EntityBuilder]] = {}
    for person in registry.entities.values():
        if person.kind == "person" and "-" in person.id:
            pieces = person.id.split(":", 1)[1].split("-")
            for i in range(1, len(pieces)):
                by_tail.setdefault("person:" + "-".join(pieces[i:]), []).append(person)
    for id in by_tail.keys() & registry.entities.keys():
        owners, person = by_tail[id], registry.entities[id]
        if len(owners) == 1 and f" {owners[0].name}".lower().endswith(f" {person.name}".lower()):  # "Bin Laden"
            owners[0].absorb(person)
            del registry.entities[id]


# Titles written before a given name alone ("Shaikh Mohsin", "Prince Saud", "King Abdullah").
GIVEN_NAME_TITLES = frozenset("Shaikh Sheikh Shaykh Shaikha Sheikha Sayyid Sayyida Prince Princess King Queen "
                              "Emir Amir Sultan".split())
GIVEN_NAME_TITLE_TOKENS = GIVEN_NAME_TITLES | {title.upper() for title in GIVEN_NAME_TITLES}


def merge_given_name_mentions(registry: Registry) -> None:
    """A person named by such a title and one name ("Shaikh Mohsin") is the one person of the
    cable whose full name opens with that name ("Shaikh Mohsin Al Asfoor")."""
    people = registry.of_kind("person")
    titled = [p for p in people if p.title and " " not in p.name and p.title.split()[-1] in GIVEN_NAME_TITLES]
    if not titled:
        return
    by_given_name: dict[str, list[EntityBuilder]] = {}
    for person in people:
        if has_given_name(person.name):
            by_given_name.setdefault(person.name.split()[0], []).append(person)
    for person in titled:
        owners = by_given_name.get(person.name, ())
        if len(owners) == 1:
            owners[0].absorb(person)
            del registry.entities[person.id]


def disambiguate_shared_surnames(registry: Registry) -> None:
    """Two people of one surname with different given names in one cable: the given name's
    initial joins the id of each (`person:aliyev-i`, `person:aliyev-h`)."""
    # One builder per surname id collects the full names it was given; split those with two
    # different given initials.
    for id, builder in list(registry.entities.items()):
        if len(builder.full_names) < 2:  # only people have full names
            continue
        # (full name, given name) of the names with a given name ("Al Asfoor" has none)
        named = [(name, given_name(name)) for name in builder.full_names if has_given_name(name)]
        if len({given[0].lower() for _, given in named}) < 2:
            continue
        del registry.entities[id]
        for name, given in named:
            new_id = f"{id}-{given[0].lower()}"
            split = registry.entities.setdefault(new_id, EntityBuilder(new_id, name, "person", builder.title))
            for (paragraph, text) in builder.mentions:
                if text.endswith(name) or given in text:
                    split.add(paragraph, text, name)
        bare = EntityBuilder(id, surname_of(builder.name), "person", None)
        for (paragraph, text) in builder.mentions:
            if not any(text.endswith(name) or given in text for name, given in named):
                bare.add(paragraph, text)
        if bare.mentions:
            registry.entities[id] = bare


@cache
def title_heads(all_caps: bool) -> frozenset[str]:
    words = {w.rstrip(".") for w in TITLE_HEADS} | {w.split()[0] for w in ROLE_PATTERN_EXTRA}
    words |= set(EXTRA_RUN_TITLE_HEADS)
    words |= {a for a, v in abbreviations().items() if v.kind == "role"}
    return frozenset(w.upper() for w in words) if all_caps else frozenset(words)


@cache
def organization_heads() -> frozenset[str]:
    return frozenset(w.removesuffix("'s").removesuffix("’s") for w in ORG_HEADS)  # "Prosecutor's"


def cable_texts(cable: Cable) -> list[tuple[int | None, str]]:
    texts = [(None, cable.subject)] if cable.subject else []
    return texts + [(p.number, p.text) for p in cable.paragraphs]


DIGIT_AFTER = re.compile(r"\s+\d")  # a number after a name's last word


def add_titled_people(registry: Registry, paragraph: int | None, text: str, all_caps: bool,
                      tokens: frozenset[str]) -> None:
    position = 0
    titled_person = caps_titled_person()
    for start in titled_person_starts(text, tokens):
        match = titled_person.match(text, start) if start >= position else None
        if match is None:
            continue
        # Search again right after the head: "Deputy" may head "Deputy Foreign Minister Aliyev".
        position = match.end("title")
        raw_words = match.group("name").split()
        title_end = match.end("title")
        if all_caps:
            # Title words that follow the head belong to the title ("CHIEF EXECUTIVE TINY ROWLAND").
            while raw_words and is_title_word(raw_words[0]):
                word = raw_words.pop(0)
                title_end = text.index(word, title_end) + len(word)
            if not raw_words or not caps_title_applies(text, match.start(), title_end, text.index(raw_words[0], title_end)):
                continue
        words = trim_name(raw_words, all_caps)
        while all_caps and len(words) > 1 and words[-1].lower() in common_words() and words[-1].endswith(COMMON_ENDINGS):
            words.pop()
        # A word before a number is an address ("APARTADO 3434").
        if all_caps and words and DIGIT_AFTER.match(text, text.find(words[-1], match.start("name")) + len(words[-1])):
            continue
        if not words or (all_caps and not caps_titled_name_ok(text, match.start(), match.group("title"), words)):
            continue
        position = match.end()
        title = text[title_start(text, match.start()): title_end]
        name = " ".join(words)
        mention = f"{title} {name}"
        if all_caps:
            name, title = display_case(name), display_case(title)
        registry.add(person_id(name), "person", name, paragraph, mention, expand_title(title))


CAPS_DETERMINERS = frozenset("A AN THE ALL ANY SOME EACH EVERY ITS HIS HER THEIR OUR".split())
COMMON_ENDINGS = ("LY", "ED", "ING", "S")


def caps_title_applies(text: str, title_begin: int, title_end: int, name_begin: int) -> bool:
    """ALL-CAPS: a title alone on a short line of a list ("PROVISIONAL PRESIDENT" over "VALIJA
    PRESIDENCIAL") does not take the next line as its name."""
    if "\n" not in text[title_end: name_begin]:
        return True
    line_start = text.rfind("\n", 0, title_begin) + 1
    return title_end - line_start >= 45


AFTER_A_NAME = re.compile(r",\s+(?:[A-Z]+\s+)?$")  # "NAME, " or "NAME, ACTING " before a title


def caps_titled_name_ok(text: str, title_begin: int, head: str, words: list[str]) -> bool:
    """ALL-CAPS: no case cue tells a name from a word. After a lone title word that follows a
    determiner ("A MAJOR SYMBOL", "THE AMBASSADOR SPARKED"), the name needs two words, none of them
    common; a name of common words only that reads as a verb, adverb or plural ("MAJOR CHANGES",
    "DCM RECENTLY") is none."""
    common = common_words()
    previous = previous_word(text, title_begin)
    if previous and previous[1] in CAPS_DETERMINERS and " " not in head.strip() and \
            (previous[0] == 0 or text[previous[0] - 1].isspace()):
        if len(words) < 2 or any(w.lower() in common for w in words):
            return False
    if all(is_common_or_plural(w.lower(), common) for w in words) and words[-1].endswith(COMMON_ENDINGS):
        return False
    # A title after "NAME, " is that name's ("LIC. FRANCISCO RODRIGUEZ, PROVISIONAL PRESIDENT").
    begin = title_start(text, title_begin)
    if AFTER_A_NAME.search(text[max(0, begin - 30): begin]):
        return False
    return True


def is_common_or_plural(lower: str, common: frozenset[str]) -> bool:
    """A common word or the plural of one ("INFLUENCES" after "MAJOR")."""
    return lower in common or lower.endswith("s") and (lower[:-1] in common or lower[:-2] in common)


ARABIC_ARTICLES = ("al-", "el-")
SENTENCE_OPENING = re.compile(r"(?:^|[.!?:;\"“”)\]]|--)\s*[\"“(]?$")
HONORIFICS = frozenset("Mr Mrs Ms Dr Prof Sir Dame Lord Father Sheikh Shaikh Sayyid".split())
INITIAL = re.compile(r"[A-Z]\.?")
FOLLOWING_WORD = re.compile(r"\s*(?:,\s*)?([a-z]+)")
ACTION_VERBS = frozenset(
    "met meets visited welcomed criticized criticised rejected accused denied explained responded "
    "expressed did does has had is was will would could should can may might remains remained "
    "became becomes who whose appeared agreed took gave made sent wrote spoke called".split()
)
# The runs the people rules can use: two or more capitalised words, or one word that a speech or
# action verb follows ("Cordero claimed"). The many lone capitalised words (sentence openings,
# places, shorthand) are skipped by the engine, not in Python.
# The quantifiers of the separator, of the run's words and of the verb's lead are possessive: a
# name word or a verb opens with a letter ("al-", never the particle "al"), so giving back spaces,
# particles or words cannot help a match, and the engine does not try (a fifth fewer instructions
# for the scan, callgrind).
RUN_SEPARATOR = rf"(?:[ \t]++|[ \t]*+\n[ \t]*+)(?:(?:{words_pattern(NAME_PARTICLES)})[ \t]++)*+"
# A name word: "Tokayev", "O'Mara", "Al-Sadr", "al-Maliki", "Gen."; the quantifiers are possessive,
# so a run that fails costs no backtracking. A run opens with a capital only, so the engine scans
# for a start in C: an "al-" alternative there would make it try every "a" and "e" of the text
# (add_people_from_runs takes a run's opening article back).
NAME_WORD_TAIL = r"[A-Za-z'’]*+(?:-[A-Za-z'’]+)*+\.?"
NAME_WORD = rf"(?:(?:[A-Z]|[ae]l-[A-Z]){NAME_WORD_TAIL})"
# What may follow the whitespace after a run's word when another word of the run comes next: a
# cheap test that spares the engine the separator's loops after most capitalised words.
NEXT_RUN_WORD = rf"(?=\s[\s{''.join(sorted({w[0] for w in NAME_PARTICLES}))}A-Z])"
# The lookbehind after the opening capital skips the capitals inside a word ("USG", "EULEX"): the
# same word's first capital was tried, and the word's tail, read to the same end, failed the same.
PEOPLE_RUN = re.compile(
    rf"[A-Z](?<![A-Z]{{2}}){NAME_WORD_TAIL}(?:{NEXT_RUN_WORD}(?:{RUN_SEPARATOR}{NAME_WORD})++"
    rf"|(?=\s*+,?+\s*+(?:{words_pattern(SPEECH_VERBS + sorted(ACTION_VERBS))})(?![a-z])))"
)


@cache
def name_stop_words() -> frozenset[str]:
    """Capitalised words that are never part of a person's name (mixed-case text)."""
    words = set(NOT_NAME) | set(ORG_HEADS) | set(TITLE_HEADS) | {w.rstrip(".") for w in TITLE_HEADS}
    words |= set(TITLE_MODIFIERS) | {c.adjective for c in countries()}
    words |= {w for c in countries() for w in c.name.split() + c.capital.split() if w[:1].isupper()}
    words |= set("Islamic Arab Muslim Christian Kurdish Shia Shiite Sunni Western European American "
                 "African Asian Soviet Communist Democratic Republican Socialist National Federal "
                 "New North South East West Central Northern Southern Eastern Western Saint San Santa "
                 "Mount Lake River Gulf Sea Ocean Island Islands Province District Valley Number "
                 "Region City Street Avenue Road Square Palace Hotel Airport Port University College Highway Canal "
                 "Bridge Dam Stadium Peninsula Desert Coast Bay Strait Plateau Basin Delta "
                 "School Hospital Center Centre Church Mosque Day Week Year Act Law Plan Program "
                 "Programme Agreement Treaty Accord Conference Summit Forum Group Fund Initiative "
                 "Reuters AP AFP Mission Team Member Members Unit Division Section".split())
    words |= {w.capitalize() for w in abbreviations()} | set(abbreviations()) | {"Ref", "Refs", "Reftel"}
    words |= {c.adjective + "s" for c in countries()}
    return frozenset(words | non_name_words())


@cache
def non_name_sections() -> dict[str, frozenset[str]]:
    """The words of each section of conventions/non_names.txt ("regions", "groups", "offices"), as written."""
    sections: dict[str, set[str]] = {}
    words: set[str] = set()
    for line in (CONVENTIONS / "non_names.txt").read_text(encoding="utf-8").splitlines():
        if line.startswith("["):
            words = sections.setdefault(line.strip("[] "), set())
        elif not line.startswith("#"):
            words.update(line.split())
    return {name: frozenset(found) for name, found in sections.items()}


@cache
def non_name_words() -> frozenset[str]:
    """Regions, peoples and office symbols, as written."""
    return frozenset().union(*non_name_sections().values())


@cache
def office_symbols() -> frozenset[str]:
    return frozenset(w.upper() for w in non_name_sections()["offices"])


@cache
def non_name_lower() -> frozenset[str]:
    return frozenset(w.lower() for w in non_name_words())


@cache
def place_names(with_posts: bool) -> frozenset[str]:
    """Lower-cased names of places: countries, capitals, regions and, `with_posts`, the cities of
    US posts (conventions/stations.csv: "Consulate Sao Paulo"). A signer may bear a post's name
    (Ambassador Hamilton; Hamilton, Bermuda), so header names are checked without them."""
    from cable_core.conventions import station_origins
    names = {n.lower() for c in countries() for n in (c.name, c.capital) if n} | non_name_lower()
    if with_posts:
        names |= {POST_KIND.sub("", origin).lower() for origin in station_origins().values()}
    return frozenset(names)


# The kind of post that opens a station's origin: "Embassy", "Consulate", "US Mission", "US Office".
POST_KIND = re.compile(r"^(?:US\s+|American\s+)?(?:Embassy|Consulate|Mission|Office|Interests\s+Section)\s+", re.I)


@cache
def title_word_set() -> frozenset[str]:
    """Words of a title before a name (compared as written, mixed case)."""
    words = {w.rstrip(".") for w in TITLE_HEADS} | set(TITLE_MODIFIERS) | {c.adjective for c in countries()}
    words |= {a for a, v in abbreviations().items() if v.kind == "role"} | set(EXTRA_RUN_TITLE_HEADS)
    return frozenset(words)


# Builds a named tuple from a tuple of its fields, in C. The class's own constructor runs a Python
# function, about 2,000 instructions more a tuple (callgrind): run_word and run_people build one
# per distinct word, run part, run and name, so a fresh process pays it for most runs.
new_named_tuple = tuple.__new__


class RunWord(NamedTuple):
    """What the people rules need to know of one word of a capitalised run, worked out once per
    distinct word (a word recurs across paragraphs and cables: run_word is cached)."""

    bare: str  # without a final period and a possessive "'s"
    alone_a_name: bool  # a one-word run of it before a verb is a person ("Cordero claimed")
    title: bool  # a word of a title ("Foreign", "Minister", "Belgian")
    head: bool  # a word that ends a title ("Minister")
    no_name: bool  # a stop word or an acronym ("MFA", "GOK"): no word of a name
    ends_sentence: bool  # a final period that is no initial's or honorific's
    possessive: bool
    common: bool  # a common word (lower-cased)
    initial: bool  # "A", "A."
    particle: bool  # "de", "al": no name ends with it
    org_head: bool  # "Industries", "Ministry": the words before it name an organisation


GOVERNMENT_SHORTHAND = re.compile(r"Go[A-Z]{1,3}")  # "GoB", "GoA": the government of a country
# Compound adjectives: "Calgary-based WestJet", "Kurdish-led", "state-owned".
COMPOUND_ADJECTIVE_ENDINGS = tuple(f"-{word}" for word in "based led born backed owned run funded sponsored "
                                   "affiliated linked controlled dominated oriented style".split())
# An office in cable shorthand: "DefMin", "FonMin", "ConGen", "PolChief", "PermRep", "SecGen".
OFFICE_SHORTHAND = re.compile(r"[A-Z][a-z]{1,4}(?:Min|Gen|Chief|Rep|Off|Couns|Sec|Dir|Def|Pol|Econ)")


@lru_cache(maxsize=100_000)
def run_word(word: str) -> RunWord:
    stops, common_table = name_stop_words(), common_words()
    unstopped = word.rstrip(".")
    bare = unstopped.removesuffix("'s").removesuffix("’s")
    lower = bare.lower()
    # Shorthand is written in camel case ("GoB", "DefMin"): the patterns are tried on those words
    # only, not on the many Title Case and upper-case words.
    camel = not bare.istitle() and not bare.isupper()
    shorthand = camel and OFFICE_SHORTHAND.fullmatch(bare) is not None
    title = shorthand or bare in title_word_set()
    common = lower in common_table
    acronym = bare.isupper() and len(bare) > 1 or camel and GOVERNMENT_SHORTHAND.fullmatch(bare) is not None
    # Shorthand or a compound adjective ("Calgary-based"): no word of a name.
    no_name = bare in stops or acronym or "-" in lower and lower.endswith(COMPOUND_ADJECTIVE_ENDINGS)
    ends_sentence = word.endswith(".") and not INITIAL.fullmatch(word) and bare not in HONORIFICS
    skip_alone = word in stops or word.lower() in common_table  # as written: a stop word or a common word
    alone_a_name = not (skip_alone or no_name or title or ends_sentence or common or len(bare) < 3)
    head = shorthand or unstopped in title_heads(False)
    initial = len(bare) == 1 and "A" <= bare <= "Z"  # INITIAL, without a period
    return new_named_tuple(RunWord, (bare, alone_a_name, title, head, no_name, ends_sentence, bare != unstopped,
                                     common, initial, lower in NAME_PARTICLES, bare in organization_heads()))


def add_people_from_runs(registry: Registry, paragraph: int | None, text: str) -> None:
    """People of a mixed-case paragraph, from its runs of capitalised words: what the words alone
    say is read once per distinct run (run_people); the text around decides the rest (a sentence
    opening before the run, a verb after it, the title's modifiers before it)."""
    for run in PEOPLE_RUN.finditer(text):
        start, words = run.start(), run.group()
        if start and text[start - 1] in "-/'’":  # rare: spares most runs two slices
            words, start = run_opening(text, start, run.end())
        for person in run_people(words):
            reading = person.name
            # At a sentence's start a common word opening the run is no name ("Officials Karel ...").
            if person.opening_name != reading and SENTENCE_OPENING.search(text, max(0, start - 4), start):
                reading = person.opening_name
            if reading is None or reading.needs_verb and not verb_follows(text, run.end()):
                continue
            mention, title = reading.mention, reading.title
            if person.title:
                mention, title = titled_mention(text, text.find(person.title, start), person.title, reading)
            elif not reading.needs_verb and names_a_place_or_group(text, start, run.end(), reading.name):
                registry.places_and_groups.add(reading.id)
                continue
            registry.add(reading.id, "person", reading.name, paragraph, mention, title)


def names_a_place_or_group(text: str, start: int, end: int, name: str) -> bool:
    """The untitled name read from the run between `start` and `end` is followed by a place or
    group noun, in the run ("Dak Min District") or after it ("Lam Dong provinces")."""
    at = text.find(name, start, end)
    return at >= 0 and noun_follows(text, at, at + len(name))


def run_opening(text: str, start: int, end: int) -> tuple[str, int]:
    """The run and its start when a hyphen, a slash or an apostrophe stands before its capital:
    "al-Maliki" (the run opened at the capital, the article is taken back), "Charge d'Affaires Molly
    Williamson" (the run opened at "Affaires": the title is taken back), "A/S Thomas Shannon"
    (symbol_opening)."""
    if start > 2 and text[start - 3: start] in ARABIC_ARTICLES:
        start -= 3
    elif text[start - 2: start] in D_APOSTROPHE:
        charge = CHARGE_BEFORE.search(text, max(0, start - 12), start)
        start = charge.start() if charge else start
    words = text[start: end]
    if text[start - 1: start] == "/":
        return symbol_opening(text, start, words)
    return words, start


CHARGE_BEFORE = re.compile(r"\bCharg\w*\s+[dD]['’]$")
D_APOSTROPHE = frozenset(("d'", "d’", "D'", "D’"))  # "d'Affaires"


def titled_mention(text: str, head_start: int, run_title: str, reading: NameReading) -> tuple[str, str | None]:
    """The mention and title of a titled person whose run's title words start at `head_start`:
    as the run reads them, or with the modifiers before the run ("the former President X")."""
    begin = title_start(text, head_start)
    if begin == head_start >= 0:
        return reading.mention, reading.title
    # head_start -1: the title's words are split by a line break, not found as the run reads them.
    title = text[begin: head_start + len(run_title)]
    return (f"{title} {reading.name}", expand_title(title)) if title else (reading.name, None)


def verb_follows(text: str, end: int) -> bool:
    """A speech or action verb follows a one-word name ending at `end` ("Cordero claimed")."""
    following = FOLLOWING_WORD.match(text, end)
    return following is not None and (following.group(1) in SPEECH_VERB_SET or following.group(1) in ACTION_VERBS)


class NameReading(NamedTuple):
    """A name read from a run's words, with the mention and title it is recorded with."""

    id: str
    name: str
    needs_verb: bool  # one untitled word: a person only when a speech or action verb follows the run
    mention: str  # the run's title words and the name ("Foreign Minister Lavrov"), or the name
    title: str | None  # the run's title expanded (expand_title), None for none


class RunPerson(NamedTuple):
    """A title and a name read from a run of capitalised words."""

    title: str  # the title's words as in the run ("Foreign Minister"), "" for none
    name: NameReading | None  # None: the words make no name
    opening_name: NameReading | None  # the reading when the run opens a sentence


@lru_cache(maxsize=100_000)
def run_people(run: str) -> tuple[RunPerson, ...]:
    """The people a run of capitalised words may name (the text around is checked by
    add_people_from_runs). Cached like run_word: a run is a few words ("Foreign Minister Lavrov",
    "Prime Minister"), and about half the runs of a corpus recur."""
    words = run.split()
    if no_name_run_words().issuperset(words):  # a third of the runs: "The Ambassador", "United States"
        return ()
    people = []
    for title_words, name_words, common_opening, reaches_end in run_parts(words):
        if title_words:
            title = " ".join(title_words)
            reading = None if all(w.initial for w in name_words) else name_reading(name_words, False, title)
            people.append(new_named_tuple(RunPerson, (title, reading, reading)))
            continue
        reading = untitled_name(name_words, reaches_end)
        opening = untitled_name(without_common_opening(name_words), reaches_end) if common_opening else reading
        if reading or opening:
            people.append(new_named_tuple(RunPerson, ("", reading, opening)))
    return tuple(people)


@cache
def no_name_run_words() -> frozenset[str]:
    """Words that run_word reads as a stop word or a title word (`no_name` or `title`): the words
    of those tables written bare (no final period, no possessive), as they are and with a final
    period. A run of these only has no word that may open a name: run_parts reads no one in it."""
    words = {w for w in name_stop_words() | title_word_set() if not w.endswith((".", "'s", "’s"))}
    return frozenset(words | {f"{w}." for w in words})


class RunPart(NamedTuple):
    """A title and name words read from a run of capitalised words."""

    title_words: Sequence[str]  # as written
    name_words: tuple[RunWord, ...]
    common_opening: bool  # untitled, opening the run with a common word
    reaches_end: bool  # the name ends the run: a verb after the run follows the name


def run_parts(words: list[str]) -> list[RunPart]:
    """The titles and names of a run, read from its words alone."""
    infos = list(map(run_word, words))
    if len(infos) == 1:
        # One word before a verb is a person when it is no title, stop or common word, no
        # acronym, no sentence end, three letters or more.
        return [new_named_tuple(RunPart, ((), (infos[0],), False, True))] if infos[0].alone_a_name else []
    parts = []
    i, end = 0, len(infos)
    while i < end:
        title_from = i
        while i < end and infos[i].title:
            i += 1
        title_words = words[title_from:i]
        if title_words and not infos[i - 1].head:
            title_words = []  # "American", "Foreign Policy": modifiers without a head are no title
        name_from = i
        ends_sentence = False
        while i < end:
            info = infos[i]
            if info.no_name or (info.title and i == name_from):
                break
            i += 1
            if info.ends_sentence:
                ends_sentence = True
                break
            if info.possessive:  # a possessive ends the name
                break
        name_end = i
        while name_end > name_from and infos[name_end - 1].particle:
            name_end -= 1
        if i < end and infos[i].org_head and not title_words and not infos[i - 1].possessive:
            name_end = name_from  # "Isfahan Optics Industries": an organisation's name, no person's
        if name_end > name_from:
            common_opening = title_from == 0 and not title_words and infos[name_from].common
            parts.append(new_named_tuple(RunPart, (title_words, tuple(infos[name_from:name_end]), common_opening,
                                                   i >= end and not ends_sentence)))
        if i == title_from:  # a stop word: skip it
            i += 1
    return parts


def without_common_opening(name_words: tuple[RunWord, ...]) -> tuple[RunWord, ...]:
    """The name words after the common words that open them ("Officials Karel" -> "Karel")."""
    i = 0
    while i < len(name_words) and name_words[i].common:
        i += 1
    return name_words[i:]


def untitled_name(name_words: tuple[RunWord, ...], reaches_end: bool) -> NameReading | None:
    """An untitled name: two or more name words, not all of them common words, or one uncommon
    word, or an Arabic article and a word ("Al Hawaj"), that a speech verb follows ("Cordero
    claimed")."""
    if len(name_words) < 2:  # most parts: one word (or none), read without counting the common words
        word = name_words[0] if name_words else None
        if word and reaches_end and len(word.bare) >= 3 and (word.initial or not word.common):
            return name_reading(name_words, True)
        return None
    if len(name_words) == 2 and name_words[0].bare.lower() in ARABIC_ARTICLE_WORDS:  # a surname alone, as "Hawaj"
        return name_reading(name_words, True) if reaches_end else None
    n_common = sum(1 for w in name_words if w.common and not w.initial)
    if n_common > 1 or n_common == len(name_words) or len(name_words) > 4:
        return None
    # A common plural opens no name ("Visas Viper", "Americas Tony Arias"), and what
    # follows it is a name only with two words.
    if name_words[0].bare.endswith("s") and name_words[0].common:
        name_words = name_words[1:]
        if len(name_words) < 2:
            return None
    return name_reading(name_words, False)


def name_reading(name_words: Sequence[RunWord], needs_verb: bool, title: str = "") -> NameReading:
    name = " ".join([w.bare for w in name_words[:5]])  # a list: join would build one from a generator
    if title:
        fields = (person_id(name), name, needs_verb, f"{title} {name}", expand_title(title))
        return new_named_tuple(NameReading, fields)
    return new_named_tuple(NameReading, (person_id(name), name, needs_verb, name, None))


def symbol_opening(text: str, start: int, run: str) -> tuple[str, int]:
    """A run that opens inside an office symbol ("A/S Thomas Shannon", "Pol/Econ Counselor"): a
    role's symbol ("A/S") becomes the run's title word, any other symbol's tail is dropped."""
    symbol_start = max(text.rfind(" ", 0, start), text.rfind("\n", 0, start)) + 1
    words = run.split()
    symbol = text[symbol_start:start] + words[0]
    role = abbreviations().get(symbol)
    if role and role.kind == "role":
        return " ".join([symbol, *words[1:]]), symbol_start
    return " ".join(words[1:]), start


def expand_title(title: str) -> str:
    """ "DCM" -> "Deputy Chief of Mission", "EAP DAS" -> "EAP Deputy Assistant Secretary"; words
    that are no role abbreviation stay as they are."""
    return " ".join(expand_role(word) for word in title.split())


def expand_role(word: str) -> str:
    role = abbreviations().get(word.upper())
    if role and role.kind == "role":
        return role.expansion
    upper = word.upper()
    return HEADER_ROLES.get(upper) or TITLE_SHORTHAND.get(upper) or ("Charge" if word == "Charg" else word)  # the é lost


# Title heads written short before a name ("FM Gul", "PM Erdogan"); not in the abbreviations table,
# whose roles are also read in running text, where "PM" is as often a time of day.
TITLE_SHORTHAND = {"FM": "Foreign Minister", "PM": "Prime Minister"}


# Roles written only before the classifier's name ("Classified By: COM Michael E. Parmly"): as
# title heads in running text they would make people of military addresses ("COM SIXTHFLT").
HEADER_ROLES = {"COM": "Chief of Mission", "A/DCM": "Acting Deputy Chief of Mission"}


def add_header_people(registry: Registry, cable: Cable) -> None:
    """The classifier, the signers and the addressees of passing lines, linked to the body's
    mentions by surname."""
    classifier = classifier_of(cable)
    if classifier:
        written, name, title = classifier
        add_header_person(registry, name, written, expand_title(title) if title else None)
    signers = list(cable.signed_by) or trailing_signer(cable)
    for signer in signers:
        add_header_person(registry, display_case(signer) if signer.isupper() else signer, signer)
    for line in cable.passing_instructions:
        for written, name, title in addressees_in(line):
            add_header_person(registry, name, written, expand_title(title) if title else None)


def add_header_person(registry: Registry, name: str, written: str, title: str | None = None) -> None:
    id = person_id(name)
    known = registry.entities.get(id)
    registry.add(id, "person", name if not known or len(name) > len(known.name) else known.name, None, written, title)
    registry.entities[id].from_header = True


CLASSIFIED_BY = re.compile(r"classified\s+by\s*:\s*(.+?)(?:[,;]?\s+for\s+reasons?\b|[,;]\s*reasons?\b|\s+reasons?\s*:?\s*\d|$)",
                           re.I | re.M)


CLASSIFIER_REASONS = re.compile(r"[;]|[,]?\s+(?:for|per)\s+(?:reasons?\b|\d)|[,;.]\s*reasons?\b|\s+reasons?\s*:",
                                re.I)


def classifier_of(cable: Cable) -> tuple[str, str, str | None] | None:
    """(as written, name, title) of the classifier. The parser's split of `Classified By:` is
    used where it is sound; the raw line is re-read where it left a title word in the name
    ("COM Michael E. Parmly"), a particle in the title ("Ambassador Carol van" + "Voorst") or
    found nothing (ALL-CAPS "Classified By: AMBASSADOR EDUARDO AGUIRRE FOR REASONS ...")."""
    raw = ""
    if cable.classified_by:
        raw = cable.classified_by.raw or " ".join(filter(None, [cable.classified_by.title, cable.classified_by.name]))
    else:
        match = CLASSIFIED_BY.search(cable.preamble or "")
        raw = match.group(1) if match else ""
    raw = CLASSIFIER_REASONS.split(raw, maxsplit=1)[0].strip()
    if not raw.strip():
        return None
    parts = [p.strip() for p in raw.split(",") if p.strip()]
    words = parts[0].split()
    title_words: list[str] = []
    while words and (is_title_word(words[0]) or is_bureau_before_title(words)):
        title_words.append(words.pop(0))
    # A title with words that are no title word ends at its last title word ("Economic Section
    # Chief John R. Rodgers", "Polec Counselor Michael Dodman"); the surname is never one.
    last_title_word = max((i for i, w in enumerate(words[:-1]) if is_classifier_title_word(w)), default=-1)
    title_words, words = title_words + words[:last_title_word + 1], words[last_title_word + 1:]
    if not words:  # "Carlos Pascual, Ambassador" has the name first... or only a title
        return None
    name = " ".join(words)
    title = " ".join(title_words) or (parts[1] if len(parts) > 1 else None)
    if len(words) < 2 and not title_words:
        return None
    if name.isupper():
        name = display_case(name)
    if title and title.isupper():
        title = " ".join(w if w in abbreviations() or w in non_name_sections()["offices"] or w in HEADER_ROLES
                         else display_case(w).title() for w in title.split())
    return parts[0], name, title


def is_classifier_title_word(word: str) -> bool:
    """A title word, cable shorthand ("PolChief") or a title run together ("Polcounselor")."""
    return (is_title_word(word) or OFFICE_SHORTHAND.fullmatch(word) is not None
            or len(word) > 9 and word.lower().endswith(RUN_TOGETHER_TITLES))


RUN_TOGETHER_TITLES = ("counselor", "counsellor", "officer", "chief", "director", "attache")


def is_bureau_before_title(words: list[str]) -> bool:
    """A bureau or office written before a title: "EAP DAS David B. Shear", "EUR A/S Fried"."""
    return len(words) > 1 and words[0].upper() in non_name_sections()["offices"] and is_title_word(words[1])


def is_title_word(word: str) -> bool:
    key = word.rstrip(".,")
    return (key.upper() in abbreviations() and abbreviations()[key.upper()].kind == "role") or \
        key.lower() in title_words_lower() or key.upper() in HEADER_ROLES


@cache
def title_words_lower() -> frozenset[str]:
    return frozenset(w.rstrip(".").lower() for w in TITLE_HEADS + TITLE_MODIFIERS + list(CHARGE_WORDS)
                     + ["Counselor", "Acting", "Minister-Counselor"])


# The words of "Charge d'Affaires a.i." as cables spell them ("Charges D'Affaires", "d'Affairs",
# "Charg" where the é was lost).
CHARGE_WORDS = ("Charge", "Charges", "Charg", "Chargé", "d'Affaires", "d’Affaires", "d'Affairs", "d’Affairs",
                "a.i")


TRAILING_SIGNER = re.compile(r"(?:^|[.!?\"”)]\s+|\n\s*)([A-Z][A-Z'’\-]{2,})[#\s]*$")


TRAILING_CAPS_WORD = re.compile(r"\s([A-Z][A-Z'’\-]{2,})[#\s]*$")


def trailing_signer(cable: Cable) -> list[str]:
    """The signature left at the end of the last paragraph ("... a position. FRISBIE")."""
    if not cable.paragraphs:
        return []
    tail = cable.paragraphs[-1].text[-80:]
    match = TRAILING_SIGNER.search(tail)
    if not match and any(c.islower() for c in tail):
        # Mixed-case text: an ALL-CAPS word at the very end is the signature whatever precedes it
        # ("... Classified Website: XXXXXXXXXXXX LEBARON").
        match = TRAILING_CAPS_WORD.search(tail)
    if not match:
        return []
    word = match.group(1)
    if word in abbreviations() or word.lower() in common_words() or word in stop_caps():
        return []
    return [word]


ADDRESSEE_SPLIT = re.compile(r"[,;()]|\bFOR\b|\bAND\b|\bPASS\s+TO\b|\bALSO\b", re.I)
# "USIA FOR NEA", "SOUTHCOM ALSO FOR POLAD": the item before FOR is the post or agency the line goes to.
RECIPIENT_BEFORE = re.compile(r"(?:ALSO\s+)?FOR\b", re.I)
ADDRESSEE_TITLES = frozenset("A/S DAS AMB AMB. AMBASSADOR POLAD SECRETARY DIRECTOR".split())


def addressees_in(line: str) -> list[tuple[str, str, str | None]]:
    """People named in a passing line: items between commas, parentheses and FOR/AND, kept when
    every word is a name word (not an office symbol, shorthand, TAG, place or common word). A
    user name, an initial run into a surname ("JBRAMBILLA"), is read as such (addressee_name)."""
    items = []
    for item in addressee_items(line):
        words = item.split()
        title = None
        for i, word in enumerate(words):
            if word.upper() in ADDRESSEE_TITLES:
                title, words = word.rstrip("."), words[i + 1:]
                break
        words = [w for w in words if w.upper() not in office_symbols()]  # "DEDWARDS WHA"
        # The next line's office symbol after a name, on lines the parser joined: "WMIELE WHA/EPSC",
        # "BLAMPRON E" (a bureau's letter: an initial comes before a surname, not after).
        while len(words) > 1 and (len(words[-1]) == 1 or "/" in words[-1]):
            words.pop()
        if not words or (title is None and len(words) > 3):
            continue
        if all(is_addressee_name_word(w) for w in words) and any(len(w.rstrip(".")) > 2 for w in words):
            items.append((" ".join(words), title))
    user_names = any(opens_as_user_name(written) for written, _ in items) and is_user_name_line(line)
    return [(written, addressee_name(written, user_names and title is None), title) for written, title in items]


def addressee_items(line: str) -> Iterator[str]:
    """The items of a passing line between its separators, less the recipients: the word before
    FOR names the post or agency the line goes to ("USVIENNA FOR USDEL OSCE"), never a person.
    An item between two FORs is the first recipient's people ("USTR FOR ANDREA GASH DURKIN FOR
    WHA/CEN"), kept whole."""
    start, after_for = 0, False
    for separator in ADDRESSEE_SPLIT.finditer(line):
        item = line[start: separator.start()]
        before_for = RECIPIENT_BEFORE.match(line, separator.start()) is not None
        yield " ".join(item.split()[:-1]) if before_for and not after_for else item
        start, after_for = separator.end(), before_for
    yield line[start:]


def is_user_name_line(line: str) -> bool:
    """A line of user names: two or more, and half or more, of its name words open as no name does
    ("NEA/PPD JDAVIES AND APENDLETON; R: MTUTWILER AND JBRAMBILLA"), so the others are user names too."""
    candidates = USER_NAME_CANDIDATE.findall(line)
    words = [word for word in candidates if is_addressee_name_word(word)]
    failing = sum(map(opens_as_user_name, words))
    # The agencies of the line ("TREASURY FOR OASIA") are its addressees too, not user names.
    agencies = sum(word in organization_abbreviations() for word in candidates)
    return failing >= 2 and 2 * failing >= len(words) + agencies


def addressee_name(written: str, in_user_names: bool) -> str:
    """ "A. Pendleton" for "APENDLETON" (a user name), else the name in display case."""
    if USER_NAME_CANDIDATE.fullmatch(written) and (in_user_names or opens_as_user_name(written)):
        return f"{written[0]}. {display_case(written[1:])}"
    return display_case(written) if written.isupper() else written


# The two letters a name may open with; an ALL-CAPS word that opens otherwise is a user name, an
# initial and a surname run together ("JBRAMBILLA", "WMIELE", "LGUMBINER").
NAME_ONSET = re.compile(r"[AEIOUY]|[B-DF-HJ-NP-TV-Z][AEIOUY]|B[LR]|C[HLRZ]|D[JRVWZ]|F[LR]|G[HLNRW]|K[HLNRW]|"
                        r"M[BCW]|N[DGKTYZ]|P[HLRST]|QU|RH|S[CHKLMNPQTVWZ]|T[HRSWZ]|V[LR]|W[HR]|Z[HW]")


# An ALL-CAPS word of letters that stands alone (no office symbol such as "PM/RSAT").
USER_NAME_CANDIDATE = re.compile(r"(?<![\w/])[A-Z]{5,}(?![\w/])")


def opens_as_user_name(word: str) -> bool:
    """`word` is a user name by its opening: ALL-CAPS letters, a vowel after the first (no
    acronym, no "XXXXXXXXXXXX" redaction), and two first letters that open no name."""
    return (len(word) > 4 and word.isalpha() and word.isupper() and not VOWELS.isdisjoint(word[1:])
            and not NAME_ONSET.match(word))


@lru_cache(maxsize=65536)
def is_addressee_name_word(word: str) -> bool:
    if re.fullmatch(r"[A-Z]\.?", word):  # an initial
        return True
    return (re.fullmatch(r"[A-Za-z][A-Za-z'’\-]{2,}", word) is not None and word.upper() not in abbreviations()
            and word.upper().removesuffix("S") not in abbreviations()  # a plural: "EMBASSIES FOR PAOS"
            and not (word.isupper() and is_caps_acronym(word))
            and word.lower() not in common_words() and word.upper() not in stop_caps()
            and word.lower() not in place_names(True))  # "GENEVA FOR WTO MISSION": a post


@cache
def stop_caps() -> frozenset[str]:
    """Upper-case words of header lines that are not names: TAGS, places, stations, offices."""
    from cable_core.conventions import tag_meanings
    words = set(tag_meanings()) | {w.upper() for c in countries() for w in (c.name + " " + c.capital).split()}
    words |= {w.upper() for w in NOT_NAME} | {w.upper() for w in TITLE_HEADS + TITLE_MODIFIERS}
    words |= {w.upper() for w in non_name_words()}
    words |= set("DEPT DEPARTMENT STATE SECSTATE USUN USTR DIA USEU USNATO USMISSION AMEMBASSY AMCONSUL "
                 "EMBASSY CONSULATE INFO ALL PASS TERREP EXCLUSIVE WATCHERS AFRICA EUROPE ASIA NSC USDA "
                 "DOD DOE DHS CIA FBI TREASURY COMMERCE OFFICIAL ONLY USE SIPDIS NOFORN".split())
    return frozenset(words)


@cache
def common_words() -> frozenset[str]:
    lines = (CONVENTIONS / "common_words.txt").read_text(encoding="utf-8").splitlines()
    return frozenset(line.strip() for line in lines if line.strip() and not line.startswith("#"))




def add_bare_mentions(registry: Registry, texts: Sequence[tuple[int | None, str]],
                      tokens: Sequence[frozenset[str]], all_caps: bool) -> None:
    """ "Tokayev" after "Foreign Minister Tokayev", and "the Ambassador" for the cable's one ambassador.
    One table per cable from each surname's last capitalised token (as written and upper-cased) to
    the person; a paragraph is searched only for the surnames whose token its token set holds."""
    people = registry.of_kind("person")
    if not people:
        return
    probes: dict[str, list[tuple[str, EntityBuilder]]] = {}
    for person in people:
        for token, form in surname_probes(person.name):
            probes.setdefault(token, []).append((form, person))
    roles = []
    titled = [p for p in people if p.title]
    for role in ROLE_WORDS if titled else ():
        holders = [p for p in titled if p.title.endswith(role)]
        if len(holders) == 1:
            roles.append((f"the {role}".upper() if all_caps else f"the {role}", holders[0]))
    for (paragraph, text), words in zip(texts, tokens):
        for token in words.intersection(probes):
            for form, person in probes[token]:
                if form == token or next(word_positions(text, form), None) is not None:
                    person.add(paragraph, form)
        for probe, holder in roles:
            start = text.find(probe)
            if start >= 0 and not text[start + len(probe): start + len(probe) + 2].strip()[:1].isupper():
                holder.add(paragraph, text[start: start + len(probe)])


@lru_cache(maxsize=65536)
def surname_probes(name: str) -> tuple[tuple[str, str], ...]:
    """(last capitalised token, surname form) of each form of a person's surname (surname_forms)."""
    probes = []
    for form in surname_forms(name):
        pieces = CAP_TOKEN.findall(form)
        if pieces:
            probes.append((pieces[-1], form))
    return tuple(probes)


Person = EntityBuilder | Entity


def word_positions(text: str, word: str) -> Iterator[int]:
    """End offsets of `word` in `text` as a whole word (a possessive "'s" may follow), case-sensitive."""
    start = text.find(word)
    while start >= 0:
        end = start + len(word)
        if is_word_boundary(text, start - 1) and (is_word_boundary(text, end) or text.startswith("'s", end)):
            yield end
        start = text.find(word, end)


def find_surnames(text: str, people: Sequence[Person]) -> list[tuple[Person, str, int]]:
    """Each mention (person, text, end offset) of a person's surname in `text`, in order, as
    written or upper-cased; str.find per surname (a cable has few people, and a pattern compiled
    per cable costs more than the search)."""
    found = []
    for person in people:
        for form in surname_forms(person.name):
            found.extend((end, person, form) for end in word_positions(text, form))
    found.sort(key=lambda f: f[0])
    return [(person, mention, end) for end, person, mention in found]


def is_word_boundary(text: str, index: int) -> bool:
    return index < 0 or index >= len(text) or not (text[index].isalnum() or text[index] in "-’")


def host_country(cable: Cable, texts: Sequence[tuple[int | None, str]],
                 tokens: Sequence[frozenset[str]]) -> Country | None:
    """The cable's own country: a country TAG, else the origin's capital, else the most named."""
    by_fips = countries_by_fips()
    for tag in cable.tags:
        if tag in by_fips and tag != "US":
            return by_fips[tag]
    origin = (cable.origin or "").lower()
    for capital, country in foreign_capitals():
        if capital in origin:
            return country
    table = countries_by_first_token()
    counts = Counter(c for (_, text), words in zip(texts, tokens) for first in table.keys() & words
                     for c in table[first] if c.name in text)
    return counts.most_common(1)[0][0] if counts else None


@cache
def countries_by_fips() -> dict[str, Country]:
    return {c.fips: c for c in countries()}


@cache
def foreign_capitals() -> tuple[tuple[str, Country], ...]:
    """(capital lower-cased, country) of every country but the US, in the table's order."""
    return tuple((c.capital.lower(), c) for c in countries() if c.fips != "US")


@cache
def countries_by_first_token() -> dict[str, list[Country]]:
    """Countries by a capitalised token that stands where the country is named."""
    table: dict[str, list[Country]] = {}
    for country in countries():
        if country.fips == "US":
            continue
        # The name's first token, and the adjective's: "Israel" is found in "Israeli" too.
        for piece in {next(iter(CAP_TOKEN.findall(text)), None) for text in (country.name, country.adjective)} - {None}:
            table.setdefault(piece, []).append(country)
    return table


@cache
def places_by_first_word() -> dict[str, list[tuple[str, ...]]]:
    """Country and capital names by their first word, lower-cased: one look-up per word of text."""
    table: dict[str, list[tuple[str, ...]]] = {}
    for name in [c.name for c in countries()] + [c.capital for c in countries() if len(c.capital) > 4]:
        words = tuple(name.split())
        table.setdefault(words[0].lower(), []).append(words)
    return table


@cache
def place_first_words(all_caps: bool) -> dict[str, list[tuple[str, str, str]]]:
    """(id, name, as written) of each country and capital by its first word as written."""
    table: dict[str, list[tuple[str, str, str]]] = {}
    for words in (w for ws in places_by_first_word().values() for w in ws):
        name = " ".join(words)
        written = name.upper() if all_caps else name
        table.setdefault(written.split()[0], []).append((f"place:{slug(name)}", name, written))
    return table


CAP_TOKEN = re.compile(r"[A-Z][A-Za-z0-9\-]*")


def add_places(registry: Registry, paragraph: int | None, text: str, all_caps: bool,
               tokens: frozenset[str]) -> None:
    """Countries and capitals: a set intersection of the paragraph's capitalised tokens with the
    places' first words, and a substring test for the longer names only."""
    table = place_first_words(all_caps)
    for first in table.keys() & tokens:  # the view iterates the paragraph's few tokens, not the table
        for id, name, written in table[first]:
            if written == first or written in text:
                registry.add(id, "place", name, paragraph, written)


@cache
def organization_abbreviations() -> frozenset[str]:
    return frozenset(a for a, v in abbreviations().items() if v.kind != "role")


@cache
def organization_written_forms() -> dict[str, str]:
    """The organisation abbreviations as cables write them, each with its entry: as listed
    ("HAMAS") and, from four letters on, capitalised ("Hamas", "Hizballah", "Codel"); shorter ones
    capitalised are words or names ("Un", "Eu")."""
    forms = {a: a for a in organization_abbreviations()}
    forms.update({a.capitalize(): a for a in organization_abbreviations() if len(a) >= 4 and a.isalpha()})
    return forms


def add_abbreviated_organizations(
    registry: Registry, pattern: Patterns, paragraph: int | None, text: str, host: Country | None,
    tokens: frozenset[str],
) -> None:
    table, forms = abbreviations(), organization_written_forms()
    for written in sorted(forms.keys() & tokens, key=text.find):  # iterates the tokens, the fewer
        abbreviation = table[forms[written]]
        name = abbreviation.expansion
        if abbreviation.scope == "host" and host:
            name = f"{name} of {host.name}"
        registry.add(f"organization:{slug(name)}", "organization", name, paragraph, written)
    if not host or f"GO{host.initials}" not in text:  # only the host's shorthand counts (government_country)
        return
    for match in pattern.government_of.finditer(text):
        country = government_country(match.group(1), host)
        if country:
            name = f"Government of {country.name}"
            registry.add(f"organization:{slug(name)}", "organization", name, paragraph, match.group(0))


def government_country(initials: str, host: Country | None) -> Country | None:
    """GOK -> Kazakhstan when the cable is about Kazakhstan: the host country wins over others
    sharing its initials, and an unknown GO* (or "GOT" the word) yields nothing."""
    if host and host.initials == initials:
        return host
    return None


def add_named_organizations(registry: Registry, organization: re.Pattern[str], paragraph: int | None, text: str,
                            tokens: frozenset[str]) -> None:
    for match in organization_matches(organization, text, tokens):
        name = text[organization_start(text, match.start(), registry): match.end()]
        if " " in name:
            registry.add(f"organization:{slug(name)}", "organization", name, paragraph, name)


def organization_matches(organization: re.Pattern[str], text: str, tokens: frozenset[str]) -> Iterator[re.Match[str]]:
    """The matches of the organisation pattern that open with a head word standing alone or after
    a hyphen ("Sub-Committee"), leftmost first and not overlapping, as finditer finds them; a head
    inside a word ("AmEmbassy") opens no organisation. The pattern is tried only where a head among
    the paragraph's capitalised tokens, or the pieces of its hyphenated ones, is written: a scan for
    sixty words at every capital letter cost more than the rest of the organisation rules."""
    heads = organization_heads() & with_hyphen_pieces(tokens)
    position = 0
    for start in sorted({at for head in heads for at in word_starts(text, head)}):
        if start < position:  # inside the last match
            continue
        match = organization.match(text, start)
        if match:
            yield match
            position = match.end()


def with_hyphen_pieces(tokens: frozenset[str]) -> frozenset[str]:
    """The capitalised tokens and the pieces of the hyphenated ones ("Sub-Committee": "Committee")."""
    if "-" not in "".join(tokens):  # no hyphenated token: a test in C spares the loop over the tokens
        return tokens
    return tokens.union(*(token.split("-") for token in tokens if "-" in token))


def word_starts(text: str, word: str) -> Iterator[int]:
    """Start offsets of `word` in `text` where no letter or digit stands before it."""
    start = text.find(word)
    while start >= 0:
        if not text[start - 1: start].isalnum():
            yield start
        start = text.find(word, start + 1)


# ALL-CAPS text has no capitals to show where an organisation's name begins or ends. Around a head
# word the name takes words that name institutions: NAMING words make a name with a specific head
# alone ("WORLD BANK", "NATIONAL ASSEMBLY"); DESCRIBING words, other heads, country words
# (adjectives and one-word names) and words uncommon in English (names: "ABU NIDAL ORGANIZATION")
# join a name but make none alone ("SECURITY FORCES", "SYRIAN ARMY", "SPLINTER GROUP").
CAPS_ORG_NAMING = frozenset(
    "NATIONAL SUPREME CENTRAL FEDERAL WORLD LABOR LABOUR COMMUNIST SOCIALIST DEMOCRATIC LIBERATION "
    "REVOLUTIONARY ISLAMIC POPULAR PEOPLE'S PEOPLES UNITED INTERNATIONAL CONSTITUTIONAL LEGISLATIVE "
    "ROYAL REPUBLICAN LIBERAL CONSERVATIVE PATRIOTIC ARAB AFRICAN ASIAN EUROPEAN CHRISTIAN "
    "PROGRESSIVE WORKERS WORKERS' GREEN".split())
CAPS_ORG_DESCRIBING = frozenset(
    "SECURITY DEFENSE DEFENCE ARMED MILITARY HUMAN RIGHTS STATE FOREIGN INTERIOR JUSTICE AFFAIRS "
    "COOPERATION RESISTANCE MONETARY ELECTORAL ECONOMIC FINANCE TRADE COMMERCE INDUSTRY "
    "AGRICULTURE HEALTH EDUCATION ENERGY TRANSPORT TRANSPORTATION INFORMATION PLANNING DEVELOPMENT "
    "INTELLIGENCE INVESTIGATION INVESTIGATIONS PUBLIC SOCIAL WELFARE ENVIRONMENT CULTURE "
    "TOURISM COMMUNICATIONS OIL PETROLEUM MINES MINING WATER POWER FISHERIES NAVAL AIR GENERAL "
    "REPRESENTATIVES DEPUTIES MINISTERS PEOPLE REFORM UNITY SALVATION INDEPENDENCE SOLIDARITY "
    "ACTION RECONSTRUCTION RELIEF WORKS REFUGEES ATTACHE PEACE ORDER".split())
# Adjectives, with which no name ends: "ORGANIZATION OF AMERICAN [STATES]" is cut short, not a name.
CAPS_ORG_ADJECTIVES = frozenset(
    "NATIONAL SUPREME CENTRAL FEDERAL COMMUNIST SOCIALIST DEMOCRATIC REVOLUTIONARY ISLAMIC POPULAR "
    "UNITED INTERNATIONAL CONSTITUTIONAL LEGISLATIVE ROYAL REPUBLICAN LIBERAL CONSERVATIVE PATRIOTIC "
    "ARAB AFRICAN ASIAN EUROPEAN CHRISTIAN PROGRESSIVE GREEN ARMED MILITARY FOREIGN MONETARY ELECTORAL "
    "ECONOMIC PUBLIC SOCIAL NAVAL GENERAL HUMAN".split())
# Heads that name a kind of body, not one: with one naming word they make no name ("INTERNATIONAL
# GROUP", "CENTRAL DEPARTMENT"); "WORLD BANK", "SUPREME COURT" and "COMMUNIST PARTY" are names.
CAPS_GENERIC_HEADS = frozenset(
    "GROUP CONFERENCE FORCE FORCES ORGANIZATION ORGANISATION DEPARTMENT OFFICE SERVICE DIVISION COMMAND "
    "SOCIETY ASSOCIATION AGENCY BUREAU ADMINISTRATION COMPANY INSTITUTE".split())
CAPS_ORG_JOINING = frozenset(("OF", "FOR"))  # "SUPREME COURT OF JUSTICE", "OFFICE FOR DEMOCRATIC INSTITUTIONS"
CAPS_NAME_WORD_BEFORE = re.compile(rf"([A-Z]{CAPS_WORD_CHARS}*)[ \t\n]+$")
CAPS_NAME_WORD_AFTER = re.compile(rf"[ \t\n]+([A-Z]{CAPS_WORD_CHARS}*)")
# Endings of English verbs, adverbs and adjectives, which no name word has ("VIOLATES SECURITY
# COUNCIL" aside): "WITNESSED", "COMPETING", "RESPECTIVE", "CAPABLE".
CAPS_NOT_NAME_ENDINGS = ("ED", "ING", "LY", "IVE", "ABLE", "IBLE", "OUS", "FUL")
PLURAL_POSSESSIVE_ENDINGS = ("S'", "S’")  # "CROATIA'S" is POSSESSIVE_ENDING


@cache
def caps_organization_heads() -> frozenset[str]:
    """The heads of organisations in ALL-CAPS text: not the plurals, which name kinds of bodies there
    ("LIBERATION MOVEMENTS", "ISLAMIC ORGANIZATIONS"), nor the government, nor a prosecutor."""
    heads = organization_heads()
    plurals = {head for head in heads if head[:-1] in heads or head.endswith("ies") and head[:-3] + "y" in heads}
    singular = {head.upper() for head in heads - plurals}
    return frozenset(singular - {"GOVERNMENT", "CABINET", "PROSECUTOR"} | {"FORCES"})


@cache
def caps_country_words() -> frozenset[str]:
    """Countries' adjectives and one-word names, upper-cased: "LEBANESE", "PANAMA"."""
    return frozenset(w.upper() for c in countries() for w in (c.name, c.adjective) if " " not in w)


@cache
def caps_country_adjectives() -> frozenset[str]:
    return frozenset(c.adjective.upper() for c in countries() if c.adjective != c.name)


def caps_organization_word(word: str, in_tail: bool = False) -> str | None:
    """The kind of a word that may stand in an ALL-CAPS organisation's name ("naming",
    "describing", "country", "uncommon"), None for any other word (a common English word, a title,
    a possessive, a known abbreviation: "PLO OFFICE"). After the head's "OF" an uncommon word is no
    part of the name ("SUPREME COURT OF JUSTICE APARTADO 6-8473")."""
    if word in CAPS_ORG_NAMING:
        return "naming"
    if word in CAPS_ORG_DESCRIBING or word in caps_organization_heads():
        return "describing"
    if word in caps_country_words():
        return "country"
    if in_tail or len(word) < 3 or word.endswith(PLURAL_POSSESSIVE_ENDINGS) or POSSESSIVE_ENDING.search(word):
        return None
    lower = word.lower()
    if lower in NAME_PARTICLES:  # "ABU NIDAL ORGANIZATION"
        return "uncommon"
    if (lower in common_words() or lower in FUNCTION_WORDS or lower in title_words_lower()
            or word.endswith(CAPS_NOT_NAME_ENDINGS) or word in organization_abbreviations() or word in stop_caps()):
        return None
    return "uncommon"


def add_caps_organizations(registry: Registry, paragraph: int, text: str, tokens: frozenset[str]) -> None:
    """Named organisations of ALL-CAPS text: a head word with the name words before it and an
    "OF ..." after it ("PANAMANIAN DEFENSE FORCES", "SUPREME COURT OF JUSTICE", "ORGANIZATION OF
    THE ISLAMIC CONFERENCE"). Tried only where a head among the paragraph's tokens is written."""
    heads = caps_organization_heads() & with_hyphen_pieces(tokens)
    position = 0
    for start, head in sorted({(at, head) for head in heads for at in word_starts(text, head)}):
        head_end = start + len(head)
        if start < position or text[head_end:head_end + 1].isalpha() or head_before(text, head_end):
            continue  # "DEMOCRATIC SOCIETY PARTY" is read from its last head
        begin, before = caps_words_before(text, start)
        end, after = caps_words_after(text, head_end)
        if after or len(before) >= 2 or "naming" in before and head not in CAPS_GENERIC_HEADS:
            name = text[begin:end]
            registry.add(f"organization:{slug(name)}", "organization", caps_organization_case(name), paragraph, name)
            position = end


def head_before(text: str, head_end: int) -> bool:
    """Another head follows the head that ends at `head_end`: "STATE SECURITY COURT"."""
    following = CAPS_NAME_WORD_AFTER.match(text, head_end)
    return following is not None and following.group(1) in caps_organization_heads()


def caps_words_before(text: str, head_start: int) -> tuple[int, list[str]]:
    """Where the name ending in the head at `head_start` begins, and the kinds of its words."""
    kinds: list[str] = []
    begin = head_start
    for _ in range(4):
        match = CAPS_NAME_WORD_BEFORE.search(text, max(0, begin - 40), begin)
        kind = match and caps_organization_word(match.group(1).strip("-"))
        if not kind or match.start() > 0 and text[match.start() - 1].isalnum():
            break
        kinds.append(kind)
        begin = match.start()
    return begin, kinds


def caps_words_after(text: str, head_end: int) -> tuple[int, list[str]]:
    """Where an "OF ..." after the head ends ("COURT OF JUSTICE", "ORGANIZATION OF THE ISLAMIC
    CONFERENCE"), and the kinds of its words; (head_end, []) for none. It ends on a noun: words
    up to an adjective that ends them ("OF AMERICAN [STATES]") are no part of the name."""
    joining = CAPS_NAME_WORD_AFTER.match(text, head_end)
    if not joining or joining.group(1) not in CAPS_ORG_JOINING:
        return head_end, []
    end = joining.end()
    article = CAPS_NAME_WORD_AFTER.match(text, end)
    if article and article.group(1) == "THE":
        end = article.end()
    words: list[tuple[int, str]] = []
    for _ in range(3):
        following = CAPS_NAME_WORD_AFTER.match(text, end)
        kind = following and caps_organization_word(following.group(1).rstrip("'’-"), in_tail=True)
        if not kind:
            break
        end = following.end()
        adjective = following.group(1) in CAPS_ORG_ADJECTIVES or following.group(1) in caps_country_adjectives()
        words.append((end, "adjective" if adjective else kind))
    while words and (words[-1][1] == "adjective" or text[words[-1][0] - 1] in "'’-"):
        words.pop()
    return (words[-1][0], [kind for _, kind in words]) if words else (head_end, [])


CAPS_ORG_SMALL_WORDS = frozenset(("of", "for", "the", "and"))


def caps_organization_case(name: str) -> str:
    """ "SUPREME COURT OF JUSTICE" -> "Supreme Court of Justice", "PEOPLE'S LABOR PARTY" -> "People's
    Labor Party"."""
    words = []
    for word in name.split():
        lower = word.lower()
        if lower in CAPS_ORG_SMALL_WORDS and words:
            words.append(lower)
        elif POSSESSIVE_ENDING.search(word):
            words.append(display_case(word[:-2]) + lower[-2:])
        else:
            words.append(display_case(word))
    return " ".join(words)


# An acronym in brackets right after an organisation's name: "(CPDH)", "(ENPA)", "(AmCham)". Not
# of two letters ("AN", "PA", "EC" are words of the text in other cases), nor a word ("WHO").
ACRONYM_AFTER = re.compile(r"[ \t]*\(([A-Z][A-Za-z&]{2,7})\)")
PORTION_MARKINGS = frozenset("SBU LOU FOUO CUI".split())  # "(SBU)" opens a paragraph, names nothing


def add_defined_acronyms(registry: Registry, texts: Sequence[tuple[int | None, str]],
                         tokens: Sequence[frozenset[str]]) -> None:
    """"The Egyptian National Postal Authority (ENPA)": the acronym the cable defines for an
    organisation is that organisation wherever the cable writes it (an acronym the abbreviations
    table knows keeps its own meaning)."""
    defined: dict[str, EntityBuilder] = {}
    paragraph_texts: dict[int, list[str]] = {}  # the subject and unnumbered paragraphs share a key
    for number, text in texts:
        paragraph_texts.setdefault(NO_PARAGRAPH if number is None else number, []).append(text)
    for organization in registry.of_kind("organization"):
        for paragraph, written in organization.mentions:
            for text in paragraph_texts.get(paragraph, ()):
                at = text.find(written)
                match = at >= 0 and ACRONYM_AFTER.match(text, at + len(written))
                if match and is_new_acronym(match.group(1)):
                    defined.setdefault(match.group(1), organization)
    for (paragraph, text), words in zip(texts, tokens):
        for acronym in defined.keys() & words:
            if any(not text[at + len(acronym): at + len(acronym) + 1].isalnum() for at in word_starts(text, acronym)):
                organization = defined[acronym]
                registry.add(organization.id, "organization", organization.name, paragraph, acronym)


def is_new_acronym(word: str) -> bool:
    lower = word.lower()
    return (word not in PORTION_MARKINGS and word not in abbreviations() and lower not in common_words()
            and lower not in FUNCTION_WORDS)


def organization_start(text: str, head_start: int, registry: Registry) -> int:
    """Where the name ending in an organisation head begins: the capitalised words before it,
    with "of", "for", "and" between them ("Executive Secretariat", "Ministry of Foreign Affairs"),
    but not a person's name before "and" ("Obasanjo and Peoples Democratic Party": the people of
    the cable are known by then)."""
    start = candidate = head_start
    for _ in range(6):
        previous = previous_word(text, candidate)
        if not previous:
            break
        word_start, word = previous
        if word == "and" and names_a_person(text, word_start, registry):
            break
        if word in ("of", "for", "and"):
            candidate = word_start
            continue
        if not word[0].isupper() or word in ORG_STOP or word in OFFICE_HOLDERS and holds_an_office(text, candidate):
            break  # "Member of Parliament": a person's office, not the name
        start = candidate = word_start
    return start


def holds_an_office(text: str, after_office: int) -> bool:
    """The office word before `after_office` is a person's: "of" follows it ("Member of
    Parliament") or a name ("Prime Minister Tayyip Erdogan Government"), not a common word
    ("General Affairs and External Relations Council", "Justice Ministry")."""
    following = NEXT_WORD.match(text, after_office)
    if following is None:
        return False
    word = following.group()
    return word == "of" or word[0].isupper() and word.lower() not in common_words() and word not in organization_heads()


NEXT_WORD = re.compile(r"[A-Za-z][\w'’-]*")


def names_a_person(text: str, before: int, registry: Registry) -> bool:
    """The word that ends before `before` is the surname of a person of the cable."""
    previous = previous_word(text, before)
    return previous is not None and is_known_person(previous[1], registry)


def is_known_person(word: str, registry: Registry) -> bool:
    """A person of the cable has this surname (a candidate that will be dropped as a misreading,
    such as a place, does not count)."""
    builder = registry.entities.get(f"person:{slug(word)}")
    return builder is not None and not is_implausible_name(builder.name, builder.from_header, bool(builder.title))


SPEECH_VERB_SET = frozenset(SPEECH_VERBS)


def last_person_in(text: str, people: Sequence[Entity]) -> Entity | None:
    """Who "he" or "she" most likely means after `text`: the last person who speaks or acts
    ("Tokayev told ..."), else the last person named."""
    if not people or not text:
        return None
    mentions = find_surnames(text, people)
    if not mentions:
        return None
    # The last sentence naming someone: its speaker, else its first-named person (the subject).
    sentence_start = text.rfind(". ", 0, mentions[-1][2])
    last_sentence = [(person, end) for person, _, end in mentions if end > sentence_start]
    acting = [person for person, end in last_sentence if is_subject_of_speech(text, end)]
    return acting[-1] if acting else last_sentence[0][0]


def is_subject_of_speech(text: str, end: int) -> bool:
    following = text[end: end + 30].split()[:2]
    return any(w.strip(",.").lower() in SPEECH_VERB_SET for w in following)
