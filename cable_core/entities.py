"""People, organisations and places named in a cable, by rule: titles and honorifics anchor
people (the only cue left in ALL-CAPS cables), cable shorthand is expanded from
conventions/abbreviations.csv and the cable's own country, places come from conventions/countries.csv.

Ids are stable across cables: `person:<surname>`, `organization:<slug>`, `place:<slug>`.
"""

from __future__ import annotations

import csv
import re
import unicodedata
from collections import Counter
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Iterable, Sequence

from cable_core.models import Cable, Entity, EntityMention

CONVENTIONS = Path(__file__).parent / "conventions"

# Words that end a title ("Foreign Minister", "Ambassador") and words that may stand before them.
TITLE_HEADS = (
    "Minister Ministers President Ambassador Secretary Senator Governor Mayor Chairman Chairwoman Chair "
    "Director Director-General Spokesman Spokeswoman Speaker King Queen Prince Princess Sheikh Emir Amir "
    "Sultan General Gen. Admiral Adm. Colonel Col. Lieutenant Lt. Major Maj. Captain Capt. Commander "
    "Chief Advisor Adviser Counselor Counsellor Consul Attache Judge Justice Prosecutor Bishop "
    "Archbishop Cardinal Patriarch Imam Rabbi Mufti Congressman Congresswoman Representative Rep. Sen. "
    "Gov. Deputy MP Premier Chancellor Leader Head Coordinator Envoy Representative Undersecretary "
    "Commissioner Officer Charge Mr. Mrs. Ms. Dr. Prof. Professor Sir Lord Dame"
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
NAME_PARTICLES = frozenset("de del della di da das dos du van von der den la le el al bin ibn ben abu".split())
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
    "Coalition Alliance Forces Army Navy Administration Cabinet Tribunal Prosecutor's"
).split()
# Title-cased words that start a sentence or a heading rather than an organisation's name.
ORG_STOP = frozenset("The A An In On At To For Of And But By With From As This That Its His Her Their Our".split())


def words_pattern(words: Iterable[str]) -> str:
    """An alternation of words, longest first so "Foreign Minister" wins over "Minister"."""
    return "|".join(re.escape(w) for w in sorted(set(words), key=len, reverse=True))


@dataclass(frozen=True)
class Country:
    name: str
    adjective: str
    fips: str
    capital: str

    @property
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
    literal word (a title head, an organisation head): a pattern opening with a generic capitalised
    word would be tried at every position and cost milliseconds per cable."""

    titled_person: re.Pattern[str]
    abbreviation: re.Pattern[str]
    government_of: re.Pattern[str]
    organization: re.Pattern[str] | None


@cache
def patterns(all_caps: bool) -> Patterns:
    role_abbreviations = [a for a, v in abbreviations().items() if v.kind == "role"]
    heads = words_pattern(TITLE_HEADS + role_abbreviations + list(ROLE_PATTERN_EXTRA))
    name_word = r"[A-Z][A-Za-z'’\-]+" if not all_caps else r"[A-Z][A-Z'’\-]+"
    particle = words_pattern(NAME_PARTICLES) if not all_caps else words_pattern(p.upper() for p in NAME_PARTICLES)
    name = rf"{name_word}(?:\s+(?:(?:{particle})\s+)?{name_word}){{0,3}}"
    if all_caps:
        heads = heads.upper()
    return Patterns(
        titled_person=re.compile(rf"\b(?P<title>{heads})\.?\s+(?P<name>{name})"),
        abbreviation=re.compile(rf"\b(?:{words_pattern(a for a, v in abbreviations().items() if v.kind != 'role')})\b"),
        government_of=re.compile(r"\bGO([A-Z]{1,3})\b"),
        organization=None if all_caps else re.compile(
            rf"\b(?:{words_pattern(ORG_HEADS)})\b"
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
        match = PREVIOUS_WORD.search(text, max(0, start - 30), start)
        if not match or match.group(1).lower() not in title_prefix_words():
            break
        start = match.start(1)
    return start


PREVIOUS_WORD = re.compile(r"([A-Za-z][A-Za-z\-]*)\s+$")
LOWER = re.compile(r"[a-z]")
LETTER = re.compile(r"[A-Za-z]")


def is_all_caps(text: str) -> bool:
    sample = text[:1500]
    letters = len(LETTER.findall(sample))
    return letters > 0 and len(LOWER.findall(sample)) < 0.05 * letters


def slug(text: str) -> str:
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")


def display_case(name: str) -> str:
    """ "DE GUCHT" -> "de Gucht", "O'MARA" -> "O'Mara": names out of ALL-CAPS text."""
    words = []
    for word in name.split():
        lower = word.lower()
        words.append(lower if lower in NAME_PARTICLES and words else re.sub(
            r"[A-Za-z]+", lambda m: m.group(0).capitalize(), lower))
    return " ".join(words)


def surname_of(name: str) -> str:
    """The surname: from the first particle on ("de Gucht"), else the last word."""
    words = name.split()
    for i, word in enumerate(words[1:-1], start=1):
        if word.lower() in NAME_PARTICLES:
            return " ".join(words[i:])
    return words[-1]


def person_id(name: str) -> str:
    # Surname only: a given name is often absent, and the same person must get the same id in every cable.
    return f"person:{slug(surname_of(name))}"


def trim_name(words: list[str], all_caps: bool) -> list[str]:
    """Cut a name candidate at the first word that cannot be part of a name."""
    kept: list[str] = []
    for word in words:
        bare = re.sub(r"['’]s$", "", word, flags=re.I)
        key = bare.capitalize() if all_caps else bare
        if (key in NOT_NAME or key.upper() in abbreviations() or (all_caps and key.lower() in SPEECH_VERBS)
                or key.lower() in places_by_first_word()):
            break
        kept.append(bare)
        if bare != word:  # a possessive ends the name
            break
    while kept and kept[-1].lower() in NAME_PARTICLES:
        kept.pop()
    return kept[:2] if all_caps and not any(w.lower() in NAME_PARTICLES for w in kept) else kept


@dataclass
class EntityBuilder:
    id: str
    name: str
    kind: str
    title: str | None = None
    mentions: dict[tuple[int | None, str], None] = field(default_factory=dict)  # ordered set

    def add(self, paragraph: int | None, text: str, name: str | None = None, title: str | None = None) -> None:
        self.mentions[(paragraph, text)] = None
        if name and len(name) > len(self.name):
            self.name = name
        if title and (not self.title or len(title) > len(self.title)):
            self.title = title

    def build(self) -> Entity:
        mentions = [EntityMention(paragraph=p, text=t) for p, t in self.mentions]
        return Entity(id=self.id, name=self.name, kind=self.kind, title=self.title, mentions=mentions)


class Registry:
    def __init__(self) -> None:
        self.entities: dict[str, EntityBuilder] = {}

    def add(self, id: str, kind: str, name: str, paragraph: int | None, text: str, title: str | None = None) -> None:
        builder = self.entities.setdefault(id, EntityBuilder(id, name, kind))
        builder.add(paragraph, text, name, title)

    def of_kind(self, kind: str) -> list[EntityBuilder]:
        return [e for e in self.entities.values() if e.kind == kind]


def extract_entities(cable: Cable) -> list[Entity]:
    texts = cable_texts(cable)
    all_caps = is_all_caps(" ".join(t for _, t in texts))
    pattern = patterns(all_caps)
    registry = Registry()
    for paragraph, text in texts:
        add_titled_people(registry, pattern, paragraph, text, all_caps)
    add_header_people(registry, cable)
    for paragraph, text in texts:
        add_bare_mentions(registry, paragraph, text, all_caps)
    host = host_country(cable, texts)
    for paragraph, text in texts:
        add_places(registry, paragraph, text, all_caps)
        add_abbreviated_organizations(registry, pattern, paragraph, text, host)
        if pattern.organization is not None:
            add_named_organizations(registry, pattern.organization, paragraph, text)
    return [builder.build() for builder in registry.entities.values()]


def cable_texts(cable: Cable) -> list[tuple[int | None, str]]:
    texts = [(None, cable.subject)] if cable.subject else []
    return texts + [(p.number, p.text) for p in cable.paragraphs]


def add_titled_people(registry: Registry, pattern: Patterns, paragraph: int | None, text: str, all_caps: bool) -> None:
    position = 0
    while match := pattern.titled_person.search(text, position):
        # Search again right after the head: "Deputy" may head "Deputy Foreign Minister Aliyev".
        position = match.end("title")
        words = trim_name(match.group("name").split(), all_caps)
        if not words:
            continue
        position = match.end()
        title = text[title_start(text, match.start()): match.end("title")]
        name = " ".join(words)
        mention = f"{title} {name}"
        if all_caps:
            name, title = display_case(name), display_case(title)
        registry.add(person_id(name), "person", name, paragraph, mention, expand_title(title))


def expand_title(title: str) -> str:
    """ "DCM" -> "Deputy Chief of Mission"; titles that are words stay as they are."""
    role = abbreviations().get(title.upper())
    return role.expansion if role and role.kind == "role" else title


def add_header_people(registry: Registry, cable: Cable) -> None:
    """The classifier and the signers, linked to the body's mentions by surname."""
    if cable.classified_by and cable.classified_by.name and " " in cable.classified_by.name.strip():
        name = cable.classified_by.name
        name = display_case(name) if name.isupper() else name
        title = cable.classified_by.title
        registry.add(person_id(name), "person", name, None, cable.classified_by.name,
                     expand_title(title) if title else None)
    for signer in cable.signed_by:
        name = display_case(signer) if signer.isupper() else signer
        known = registry.entities.get(person_id(name))
        registry.add(person_id(name), "person", known.name if known else name, None, signer)


NAME_TOKEN = re.compile(r"[A-Za-z][A-Za-z'’\-]*")


def add_bare_mentions(registry: Registry, paragraph: int | None, text: str, all_caps: bool) -> None:
    """ "Tokayev" after "Foreign Minister Tokayev", and "the Ambassador" for the cable's one ambassador."""
    people = registry.of_kind("person")
    for person, mention, _ in find_surnames(text, people):
        person.add(paragraph, mention)
    for role in ROLE_WORDS:
        holders = [p for p in people if p.title and p.title.endswith(role)]
        if len(holders) == 1:
            probe = f"the {role}".upper() if all_caps else f"the {role}"
            start = text.find(probe)
            if start >= 0 and not text[start + len(probe): start + len(probe) + 2].strip()[:1].isupper():
                holders[0].add(paragraph, text[start: start + len(probe)])


Person = EntityBuilder | Entity


def find_surnames(text: str, people: Sequence[Person]) -> list[tuple[Person, str, int]]:
    """Each mention (person, text, end offset) of a person's surname in `text`, in order; str.find
    per surname, since a pattern compiled per cable costs more than the whole search."""
    found = []
    folded = text.lower()
    for person in people:
        surname = surname_of(person.name).lower()
        start = folded.find(surname)
        while start >= 0:
            end = start + len(surname)
            if is_word_boundary(folded, start - 1) and (is_word_boundary(folded, end) or folded.startswith("'s", end)):
                found.append((start, person, text[start:end], end))
            start = folded.find(surname, end)
    return [(person, mention, end) for _, person, mention, end in sorted(found, key=lambda f: f[0])]


def is_word_boundary(text: str, index: int) -> bool:
    return index < 0 or index >= len(text) or not (text[index].isalnum() or text[index] in "-’")


def host_country(cable: Cable, texts: Sequence[tuple[int | None, str]]) -> Country | None:
    """The cable's own country: a country TAG, else the origin's capital, else the most named."""
    by_fips = {c.fips: c for c in countries()}
    for tag in cable.tags:
        if tag in by_fips and tag != "US":
            return by_fips[tag]
    origin = (cable.origin or "").lower()
    for country in countries():
        if country.capital.lower() in origin and country.fips != "US":
            return country
    counts = Counter(c for c in countries() for _, t in texts if c.name in t and c.fips != "US")
    return counts.most_common(1)[0][0] if counts else None


@cache
def places_by_first_word() -> dict[str, list[tuple[str, ...]]]:
    """Country and capital names by their first word, lower-cased: one look-up per word of text."""
    table: dict[str, list[tuple[str, ...]]] = {}
    for name in [c.name for c in countries()] + [c.capital for c in countries() if len(c.capital) > 4]:
        words = tuple(name.split())
        table.setdefault(words[0].lower(), []).append(words)
    return table


def add_places(registry: Registry, paragraph: int | None, text: str, all_caps: bool) -> None:
    table = places_by_first_word()
    words = [w.strip(".,;:()\"'“”") for w in text.split()]
    for i, word in enumerate(words):
        if not word[:1].isupper():
            continue
        for place in table.get(word.removesuffix("'s").removesuffix("'S").lower(), ()):
            written = words[i: i + len(place)]
            written[-1] = written[-1].removesuffix("'s").removesuffix("'S")
            if [w.lower() for w in written] == [w.lower() for w in place] and (all_caps or written == list(place)):
                name = " ".join(place)
                registry.add(f"place:{slug(name)}", "place", name, paragraph, " ".join(written))


def add_abbreviated_organizations(
    registry: Registry, pattern: Patterns, paragraph: int | None, text: str, host: Country | None
) -> None:
    table = abbreviations()
    for match in pattern.abbreviation.finditer(text):
        abbreviation = table[match.group(0)]
        name = abbreviation.expansion
        if abbreviation.scope == "host" and host:
            name = f"{name} of {host.name}"
        registry.add(f"organization:{slug(name)}", "organization", name, paragraph, match.group(0))
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


def add_named_organizations(registry: Registry, organization: re.Pattern[str], paragraph: int | None, text: str) -> None:
    for match in organization.finditer(text):
        name = text[organization_start(text, match.start()): match.end()]
        if " " in name:
            registry.add(f"organization:{slug(name)}", "organization", name, paragraph, name)


def organization_start(text: str, head_start: int) -> int:
    """Where the name ending in an organisation head begins: the capitalised words before it,
    with "of", "for", "and" between them ("Executive Secretariat", "Ministry of Foreign Affairs")."""
    start = candidate = head_start
    for _ in range(6):
        match = PREVIOUS_WORD.search(text, max(0, candidate - 30), candidate)
        if not match:
            break
        word = match.group(1)
        if word in ("of", "for", "and"):
            candidate = match.start(1)
            continue
        if not word[0].isupper() or word in ORG_STOP:
            break
        start = candidate = match.start(1)
    return start


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
