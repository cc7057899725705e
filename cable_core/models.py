"""The typed contract of cable_core: what a parsed cable is.

The CLI's JSON, the dashboard's tables and the store's columns all come from these models.
Field names and shapes of `Cable` listed in the parse command's contract (README) are stable.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, field_serializer


class Model(BaseModel):
    model_config = ConfigDict(extra="forbid")


class Source(Model):
    """Where a cable came from: the file as given and the cable's position in it."""

    path: str
    index: int = 0


class Addressee(Model):
    """One action or info addressee of the routing header: `RUEHC/SECSTATE WASHDC PRIORITY 7411`."""

    route: str | None = None
    name: str
    precedence: str | None = None
    mcn: str | None = None


class ClassifiedBy(Model):
    """`Classified By: DCM Kevin Milas; Reasons 1.5(b) and (d).`"""

    name: str | None = None
    title: str | None = None
    reasons: list[str] = Field(default_factory=list)
    reason_meanings: list[str] = Field(default_factory=list)
    raw: str = ""


class Section(Model):
    number: int
    of: int


class Heading(Model):
    """A section heading of the body, standing before paragraph `before` (its index in the list)."""

    text: str
    before: int


class PageBreak(Model):
    """A page-break line such as `ASTANA 00000280 002 OF 002`, removed from the text."""

    text: str
    page: int
    of: int


class Paragraph(Model):
    number: int | None = None
    marking: str | None = None
    text: str
    summary: str = ""


class PublisherMetadata(Model):
    """What the publisher's page table or CSV columns say about the cable."""

    ref_id: str | None = None
    created: str | None = None
    released: str | None = None
    classification: str | None = None
    origin: str | None = None
    references: list[str] = Field(default_factory=list)
    partial_extract: bool = False


class EventMention(Model):
    paragraph: int | None = None
    marking: str | None = None
    sentence: str
    expression: str


Precision = Literal["minute", "day", "week", "month", "season", "quarter", "half", "year", "decade", "century"]
EventKind = Literal[
    "cable", "declassification", "meeting", "statement", "travel", "decision", "deadline",
    "election", "agreement", "other",
]


PARTICIPANT_SEPARATOR = "; "  # between an event's participants where a flat table keeps them in one column


class Event(Model):
    """A dated happening the cable mentions (or the cable's own date and declassification date)."""

    value: str
    precision: Precision
    mod: str | None = None
    date_start: date
    date_end: date
    paragraphs: list[int] = Field(default_factory=list)
    title: str
    kind: EventKind = "other"
    participants: list[str] = Field(default_factory=list)
    mentions: list[EventMention] = Field(default_factory=list)


class EntityMention(Model):
    paragraph: int | None = None
    text: str


class Entity(Model):
    id: str
    name: str
    kind: Literal["person", "organization", "place"]
    title: str | None = None
    mentions: list[EntityMention] = Field(default_factory=list)


class Quote(Model):
    speaker: str | None = None
    text: str
    paragraph: int | None = None
    marking: str | None = None


class Cable(Model):
    """One parsed cable. Raw strings live in `raw` where they differ from the normalised value."""

    source: Source
    ref_id: str | None = None
    origin: str | None = None
    classification: str | None = None
    classification_label: str | None = None
    precedence: str | None = None
    subject: str | None = None
    transmission_id: str | None = None
    summary: str | None = None
    created: datetime | None = None
    declassify_on: date | None = None
    caveats: list[str] = Field(default_factory=list)
    tags: list[str] = Field(default_factory=list)
    references: list[str] = Field(default_factory=list)
    signed_by: list[str] = Field(default_factory=list)
    warnings: list[str] = Field(default_factory=list)
    to: list[Addressee] = Field(default_factory=list)
    info: list[Addressee] = Field(default_factory=list)
    classified_by: ClassifiedBy | None = None
    section: Section | None = None
    paragraphs: list[Paragraph] = Field(default_factory=list)

    # Richer forms beyond the stable contract.
    originator: str | None = None
    executive_order: str | None = None
    declassify_rule: str | None = None
    tag_meanings: dict[str, str] = Field(default_factory=dict)
    caveat_meanings: dict[str, str] = Field(default_factory=dict)
    passing_instructions: list[str] = Field(default_factory=list)
    headings: list[Heading] = Field(default_factory=list)
    page_breaks: list[PageBreak] = Field(default_factory=list)
    preamble: str = ""
    comments: list[str] = Field(default_factory=list)
    notes: list[str] = Field(default_factory=list)
    raw: dict[str, str] = Field(default_factory=dict)
    publisher: PublisherMetadata | None = None
    content_hash: str = ""
    events: list[Event] = Field(default_factory=list)
    digest: str = ""
    entities: list[Entity] = Field(default_factory=list)
    quotes: list[Quote] = Field(default_factory=list)

    @field_serializer("created")
    def _created_as_utc(self, value: datetime | None) -> str | None:
        return value.strftime("%Y-%m-%dT%H:%M:%SZ") if value else None


class ParseFailure(Model):
    """A file (or a record inside one) that yielded no cable, with a one-line reason."""

    source: Source
    error: str


class RawCable(Model):
    """A cable's text as a format reader found it, before header and body parsing."""

    text: str
    source: Source
    publisher: PublisherMetadata | None = None
    header_text: str | None = None
