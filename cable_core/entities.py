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
    """The regular expressions of one casing: mixed-case text or ALL-CAPS text."""

    titled_person: re.Pattern[str]
    place: re.Pattern[str]
    abbreviation: re.Pattern[str]
    government_of: re.Pattern[str]
    organization: re.Pattern[str] | None


@cache
def patterns(all_caps: bool) -> Patterns:
    role_abbreviations = [a for a, v in abbreviations().items() if v.kind == "role"]
    adjectives = words_pattern(c.adjective for c in countries())
    modifiers = words_pattern(TITLE_MODIFIERS + role_abbreviations)
    heads = words_pattern(TITLE_HEADS + role_abbreviations + list(ROLE_PATTERN_EXTRA))
    name_word = r"[A-Z][A-Za-z'’\-]+" if not all_caps else r"[A-Z][A-Z'’\-]+"
    particle = words_pattern(NAME_PARTICLES) if not all_caps else words_pattern(p.upper() for p in NAME_PARTICLES)
    name = rf"{name_word}(?:\s+(?:(?:{particle})\s+)?{name_word}){{0,3}}"
    title = rf"(?:(?:{adjectives})\s+)?(?:(?:{modifiers})\s+){{0,4}}(?:{heads})"
    place_names = [c.name for c in countries()] + [c.capital for c in countries() if len(c.capital) > 4]
    if all_caps:
        title, place_names = title.upper(), [n.upper() for n in place_names]
    flags = 0 if not all_caps else re.I
    return Patterns(
        titled_person=re.compile(rf"\b(?P<title>{title})\.?\s+(?P<name>{name})", flags),
        place=re.compile(rf"\b(?:{words_pattern(place_names)})\b"),
        abbreviation=re.compile(rf"\b(?:{words_pattern(a for a, v in abbreviations().items() if v.kind != 'role')})\b"),
        government_of=re.compile(r"\bGO([A-Z]{1,3})\b"),
        organization=None if all_caps else re.compile(
            rf"\b(?:[A-Z][A-Za-z\-]+\s+(?:(?:of|for|and)\s+(?:the\s+)?)?){{0,4}}(?:{words_pattern(ORG_HEADS)})"
            rf"(?:\s+(?:of|for)\s+(?:the\s+)?[A-Z][A-Za-z\-]+(?:\s+[A-Z][A-Za-z\-]+){{0,3}})?"
        ),
    )


def is_all_caps(text: str) -> bool:
    letters = sum(ch.isalpha() for ch in text[:4000])
    return letters > 0 and sum(ch.islower() for ch in text[:4000]) < 0.05 * letters


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
        if key in NOT_NAME or key.upper() in abbreviations() or (all_caps and key.lower() in SPEECH_VERBS):
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
        add_places(registry, pattern, paragraph, text, all_caps)
        add_abbreviated_organizations(registry, pattern, paragraph, text, host)
        if pattern.organization is not None:
            add_named_organizations(registry, pattern.organization, paragraph, text)
    return [builder.build() for builder in registry.entities.values()]


def cable_texts(cable: Cable) -> list[tuple[int | None, str]]:
    texts = [(None, cable.subject)] if cable.subject else []
    return texts + [(p.number, p.text) for p in cable.paragraphs]


def add_titled_people(registry: Registry, pattern: Patterns, paragraph: int | None, text: str, all_caps: bool) -> None:
    for match in pattern.titled_person.finditer(text):
        words = trim_name(match.group("name").split(), all_caps)
        if not words:
            continue
        name = " ".join(words)
        title = match.group("title")
        if all_caps:
            name, title = display_case(name), expand_title(display_case(title))
        else:
            title = expand_title(title)
        mention = f"{match.group('title')} {' '.join(words)}"
        registry.add(person_id(name), "person", name, paragraph, mention, title)


def expand_title(title: str) -> str:
    """ "DCM" -> "Deputy Chief of Mission"; titles that are words stay as they are."""
    role = abbreviations().get(title.upper())
    return role.expansion if role and role.kind == "role" else title


def add_header_people(registry: Registry, cable: Cable) -> None:
    """The classifier and the signers, linked to the body's mentions by surname."""
    if cable.classified_by and cable.classified_by.name:
        name = cable.classified_by.name
        name = display_case(name) if name.isupper() else name
        title = cable.classified_by.title
        registry.add(person_id(name), "person", name, None, cable.classified_by.name,
                     expand_title(title) if title else None)
    for signer in cable.signed_by:
        name = display_case(signer) if signer.isupper() else signer
        known = registry.entities.get(person_id(name))
        registry.add(person_id(name), "person", known.name if known else name, None, signer)


def add_bare_mentions(registry: Registry, paragraph: int | None, text: str, all_caps: bool) -> None:
    """ "Tokayev" after "Foreign Minister Tokayev", and "the Ambassador" for the cable's one ambassador."""
    people = registry.of_kind("person")
    for person in people:
        surname = surname_of(person.name)
        probe = surname.upper() if all_caps else surname
        for match in re.finditer(rf"\b{re.escape(probe)}\b", text):
            person.add(paragraph, match.group(0))
    for role in ROLE_WORDS:
        holders = [p for p in people if p.title and p.title.endswith(role)]
        if len(holders) == 1:
            probe = f"the {role}"
            for match in re.finditer(rf"\b{re.escape(probe)}\b(?!\s+[A-Z])", text, re.I if all_caps else 0):
                holders[0].add(paragraph, match.group(0))


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


def add_places(registry: Registry, pattern: Patterns, paragraph: int | None, text: str, all_caps: bool) -> None:
    for match in pattern.place.finditer(text):
        name = display_case(match.group(0)) if all_caps else match.group(0)
        registry.add(f"place:{slug(name)}", "place", name, paragraph, match.group(0))


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
        words = match.group(0).split()
        while words and words[0] in ORG_STOP:
            words.pop(0)
        if len(words) < 2:
            continue
        name = " ".join(words)
        registry.add(f"organization:{slug(name)}", "organization", name, paragraph, name)


def last_person_in(text: str, people: Sequence[Entity]) -> Entity | None:
    """Who "he" or "she" most likely means after `text`: the last person who speaks or acts
    ("Tokayev told ..."), else the last person named."""
    if not people or not text:
        return None
    by_surname = {surname_of(p.name).lower(): p for p in people}
    alternation = words_pattern(surname_of(p.name) for p in people)
    mentions = list(re.finditer(rf"\b({alternation})\b(?:['’]s)?(\s+(?:also\s+|then\s+)?({'|'.join(SPEECH_VERBS)})\b)?",
                                text, re.I))
    if not mentions:
        return None
    acting = [m for m in mentions if m.group(2)]
    chosen = (acting or mentions)[-1]
    return by_surname.get(chosen.group(1).lower())
