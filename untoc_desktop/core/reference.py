"""The reference data shipped with the application: instruments, articles, clusters, States, the
review.

This is the only module that reads ``resources/reference/*.json``. Everything else asks it, so the
files can be corrected (a heading checked against the official text, a ratification date found)
without touching code, and every fact keeps its source and verification status all the way to the
screen: a civil-society report must never present a working translation as treaty text or an
unknown party status as "not a party".

Design notes:

* ``load()`` parses every file once (``functools.cache``) and checks the cross-references, so a
  broken data file fails at start-up rather than in the middle of a document export.
* Every value object is a frozen dataclass; texts in the three languages live in a small
  :class:`Localized` record and are read through methods taking ``lang``. Any language tag is
  accepted and folded onto ``en``/``fr``/``es`` by :func:`untoc_desktop.i18n.normalize`.
* Country names are never stored here (except the few overrides): they come from CLDR through
  babel, because CLDR is maintained and reviewed for every locale; a hand-typed list would drift.
* No Qt import: documents, the command line and tests use this module without a GUI.
"""

from __future__ import annotations

import csv
import re
import unicodedata
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from functools import cache
from typing import Any, Literal

from untoc_desktop.core import country_names
from untoc_desktop.core.country_names import ReferenceDataError as ReferenceDataError
from untoc_desktop.core.country_names import read_reference_file
from untoc_desktop.i18n import LANGUAGES, normalize
from untoc_desktop.paths import resource

INSTRUMENT_CODES: tuple[str, ...] = ("UNTOC", "TIP", "SOM", "FIREARMS")
"""The four instruments, in the order the application always lists them."""

FILES: tuple[str, ...] = (
    "instruments.json",
    "articles.json",
    "clusters.json",
    "states.json",
    "country_name_overrides.json",
    "crime_types.json",
    "sdg_targets.json",
    "review.json",
    "channels.json",
)

PARTY_STATUS_FILE = "party_status.csv"
"""One row per participant and instrument: status, deposit date, action, source, as-of, confidence.

Kept as the research table's own CSV (not converted) so that every row's source text reaches the
screen unchanged and the file can be replaced by a newer version of the research as it is.
"""
PARTY_STATUS_COLUMNS: tuple[str, ...] = (
    "iso2",
    "instrument",
    "status",
    "date",
    "action",
    "source",
    "source_as_of",
    "confidence",
)

TextStatus = Literal["official", "working", "unverified"]
PartyStatus = Literal["party", "signatory", "not_party", "unknown"]
Confidence = Literal["high", "medium", "low"]
PARTY_STATUSES: tuple[str, ...] = ("party", "signatory", "not_party", "unknown")
CONFIDENCES: tuple[str, ...] = ("high", "medium", "low")
ACTIONS: tuple[str, ...] = ("ratification", "accession", "acceptance", "approval", "succession")
GroupStatus = Literal["verified", "secondary", "inferred", "unknown"]
FactStatus = Literal["verified", "secondary", "inferred", "unverified"]


# ------------------------------------------------------------------------------------------- values


@dataclass(frozen=True, slots=True)
class Localized:
    """One text in English, French and Spanish; every one of them must be present and non-empty."""

    en: str
    fr: str
    es: str

    def get(self, lang: str | None) -> str:
        text: str = getattr(self, normalize(lang))
        return text

    @classmethod
    def parse(cls, raw: Mapping[str, Any], what: str) -> Localized:
        try:
            values = {lang: raw[lang] for lang in LANGUAGES}
        except (KeyError, TypeError) as exc:
            raise ReferenceDataError(f"{what}: a text is missing in one of {LANGUAGES}") from exc
        for lang, value in values.items():
            if not isinstance(value, str) or not value.strip():
                raise ReferenceDataError(f"{what}: empty text for {lang!r}")
        return cls(**values)


@dataclass(frozen=True, slots=True)
class Instrument:
    """The Convention or one of its Protocols."""

    code: str
    untc_chapter: str
    adopted: str
    adopting_resolution: str
    entry_into_force: str
    article_count: int
    _name: Localized = field(repr=False)
    _name_status: Localized = field(repr=False)
    _short_name: Localized = field(repr=False)
    _short_name_status: Localized = field(repr=False)
    _abbreviation: Localized = field(repr=False)

    def name(self, lang: str) -> str:
        """The official full title (or a working rendering: see ``name_status``)."""
        return self._name.get(lang)

    def name_status(self, lang: str) -> str:
        return self._name_status.get(lang)

    def short_name(self, lang: str) -> str:
        return self._short_name.get(lang)

    def short_name_status(self, lang: str) -> str:
        return self._short_name_status.get(lang)

    def abbreviation(self, lang: str) -> str:
        """The form for a chart's label or a narrow cell ("Prot. traite" rather than the English
        code "TIP", which a French or Spanish reader does not know)."""
        return self._abbreviation.get(lang)


@dataclass(frozen=True, slots=True)
class Article:
    """One article of an instrument, with its heading and where that heading comes from."""

    instrument: str
    number: int
    clusters: tuple[int, ...]
    _title: Localized = field(repr=False)
    _title_status: Localized = field(repr=False)
    _title_source: Localized = field(repr=False)
    _note: Localized | None = field(default=None, repr=False)

    def title(self, lang: str) -> str:
        return self._title.get(lang)

    def title_status(self, lang: str) -> str:
        """``'official'`` (found in an official text) or ``'working'`` (the project's
        translation)."""
        return self._title_status.get(lang)

    def title_source(self, lang: str) -> str:
        return self._title_source.get(lang)

    def note(self, lang: str) -> str | None:
        """A remark the user must see next to the article (review scope, a corrected typo...)."""
        return self._note.get(lang) if self._note else None

    @property
    def label(self) -> str:
        """A language-neutral key such as ``UNTOC 5``, for logs and sorting."""
        return f"{self.instrument} {self.number}"


@dataclass(frozen=True, slots=True)
class Cluster:
    """A thematic cluster of the review: the articles of each instrument reviewed together."""

    number: int
    _name: Localized = field(repr=False)
    _name_status: Localized = field(repr=False)
    _short_name: Localized = field(repr=False)
    _articles: tuple[tuple[str, tuple[int, ...], str, str], ...] = field(repr=False)
    _note: Localized | None = field(default=None, repr=False)

    def name(self, lang: str) -> str:
        return self._name.get(lang)

    def name_status(self, lang: str) -> str:
        return self._name_status.get(lang)

    def short_name(self, lang: str) -> str:
        return self._short_name.get(lang)

    def articles(self, code: str) -> tuple[int, ...]:
        """The article numbers of instrument ``code`` in this cluster (may be empty)."""
        return self._entry(code)[1]

    def status(self, code: str) -> str:
        """How sure the assignment is for ``code``: ``'secondary'`` or ``'unverified'``."""
        return self._entry(code)[2]

    def source(self, code: str) -> str:
        return self._entry(code)[3]

    def note(self, lang: str) -> str | None:
        return self._note.get(lang) if self._note else None

    def _entry(self, code: str) -> tuple[str, tuple[int, ...], str, str]:
        for entry in self._articles:
            if entry[0] == code:
                return entry
        raise KeyError(code)


@dataclass(frozen=True, slots=True)
class Party:
    """A State's status under one instrument, with how we know it (one row of
    ``party_status.csv``).

    ``status`` is ``party``, ``signatory`` (signed, not yet a party), ``not_party`` or ``unknown``
    (no source found after 2014: never read as "not a party"). ``date`` is the deposit of the
    instrument (ISO date) when known, ``action`` how the State became a party (ratification,
    accession, acceptance, approval, succession). ``as_of`` is the date the source was current, as
    the research wrote it ("2014-01-27 (UNTC scrape)", "~2016"); ``confidence`` is ``high`` (the
    depositary's own table), ``medium`` or ``low``.
    """

    status: PartyStatus
    date: str | None
    source: str
    as_of: str | None = None
    confidence: Confidence = "low"
    action: str | None = None

    @property
    def verified(self) -> bool:
        """True when the status comes from the depositary's own table (confidence ``high``)."""
        return self.confidence == "high"

    @property
    def as_of_date(self) -> str | None:
        """The ISO date (``YYYY``, ``YYYY-MM`` or ``YYYY-MM-DD``) that ``as_of`` starts with, if
        any."""
        match = _ISO_START.match(self.as_of or "")
        return match.group(0) if match else None


_ISO_START = re.compile(r"\d{4}(?:-\d{2}(?:-\d{2})?)?(?!\d)")


@dataclass(frozen=True, slots=True)
class State:
    """An eligible participant (193 UN Member States, Cook Islands, Niue, Holy See, Palestine,
    EU)."""

    iso2: str
    iso3: str | None
    review_group: int | None
    review_group_status: GroupStatus
    review_group_source: str
    _parties: tuple[tuple[str, Party], ...] = field(repr=False)

    def party(self, code: str) -> Party:
        for instrument, party in self._parties:
            if instrument == code:
                return party
        raise KeyError(code)

    def parties(self) -> list[tuple[str, Party]]:
        """Every instrument with this State's status, in the order UNTOC, TIP, SOM, FIREARMS."""
        return list(self._parties)

    def instruments_party(self) -> list[str]:
        """The instruments this State is known to be party to (status ``'party'`` only)."""
        return [code for code, party in self._parties if party.status == "party"]


@dataclass(frozen=True, slots=True)
class CrimeType:
    """One of the 15 crime types SHERLOC classifies its databases by."""

    id: str
    related: str | None
    _name: Localized = field(repr=False)
    _name_status: Localized = field(repr=False)

    def name(self, lang: str) -> str:
        return self._name.get(lang)

    def name_status(self, lang: str) -> str:
        return self._name_status.get(lang)


@dataclass(frozen=True, slots=True)
class SdgTarget:
    """A Sustainable Development Goal target linked to the Convention or a Protocol."""

    target: str
    goal: int
    instruments: tuple[str, ...]
    relation: str
    in_guide: bool
    _text: Localized = field(repr=False)
    _text_status: Localized = field(repr=False)
    _text_source: Localized = field(repr=False)

    def text(self, lang: str) -> str:
        return self._text.get(lang)

    def text_status(self, lang: str) -> str:
        """``'official'``, ``'unverified'`` (standard wording, not checked) or ``'working'``."""
        return self._text_status.get(lang)

    def text_source(self, lang: str) -> str:
        return self._text_source.get(lang)


@dataclass(frozen=True, slots=True)
class ReviewGroup:
    """One of the three groups drawn by lot, which start their reviews in consecutive years."""

    number: int
    start_year: int
    status: str
    source: str
    countries: int | None = None
    reviews: int | None = None


@dataclass(frozen=True, slots=True)
class ReviewPhase:
    """A step of a group's review: the preparatory phase, then one two-year phase per cluster."""

    kind: Literal["preparatory", "cluster"]
    cluster: int | None
    start: str
    end: str
    status: str
    source: str


@dataclass(frozen=True, slots=True)
class Fact:
    """A dated statement about the mechanism's current state, never newer than its ``as_of``."""

    id: str
    status: FactStatus
    source: str
    as_of: str
    _text: Localized = field(repr=False)

    def text(self, lang: str) -> str:
        return self._text.get(lang)


CHANNEL_USES: tuple[str, ...] = (
    "review_status",
    "monitor",
    "partners",
    "plenary",
    "consultations",
    "funding",
)


@dataclass(frozen=True, slots=True)
class Channel:
    """Somewhere the guide sends civil society for help, with what it is for (``channels.json``).

    ``where`` holds web addresses, emails and postal addresses as plain text an offline user can
    copy; ``uses`` says where the app offers it (``review_status``, ``monitor``, ``partners``,
    ``plenary``, ``consultations``, ``funding``).
    """

    id: str
    uses: tuple[str, ...]
    where: tuple[str, ...]
    source: str
    _name: Localized = field(repr=False)
    _what: Localized = field(repr=False)

    def name(self, lang: str) -> str:
        return self._name.get(lang)

    def what(self, lang: str) -> str:
        return self._what.get(lang)


@dataclass(frozen=True, slots=True)
class SourceInfo:
    """What one reference file is, how current and where it comes from (for the About box)."""

    file: str
    as_of: str
    sources: tuple[str, ...]
    verification: str
    _title: Localized = field(repr=False)

    def title(self, lang: str) -> str:
        return self._title.get(lang)


# ------------------------------------------------------------------------------------ country names


def _sort_key(name: str, lang: str) -> tuple[str, str]:
    """A locale-aware enough key without ICU: accents stripped (É files under E), case folded.

    In Spanish, ñ is a letter of its own after n, so it is kept apart from n.
    """
    text = name.casefold()
    if lang == "es":
        text = text.replace("ñ", "n\x7f")
    decomposed = unicodedata.normalize("NFKD", text)
    base = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    base = "".join(ch if ch.isalnum() or ch in " \x7f" else " " for ch in base)
    return (" ".join(base.split()), name)


# ------------------------------------------------------------------------------------- the data set


class ReferenceData:
    """All reference data, parsed and cross-checked. Obtain it through :func:`load`."""

    def __init__(self, documents: Mapping[str, Mapping[str, Any]]) -> None:
        self._sources = tuple(self._parse_meta(name, documents[name]) for name in FILES)
        self._instruments = self._parse_instruments(documents["instruments.json"]["instruments"])
        clusters = documents["clusters.json"]["clusters"]
        self._clusters = self._parse_clusters(clusters)
        self._articles = self._parse_articles(documents["articles.json"]["articles"])
        country_names.overrides()  # checked with the rest (``country_names`` reads that file)
        self._states = self._parse_states(
            documents["states.json"]["states"],
            self._parse_parties(documents[PARTY_STATUS_FILE]["rows"]),
        )
        self._crime_types = tuple(
            self._parse_crime(raw) for raw in documents["crime_types.json"]["crime_types"]
        )
        self._sdg_targets = tuple(
            self._parse_sdg(raw) for raw in documents["sdg_targets.json"]["sdg_targets"]
        )
        review = documents["review.json"]["review"]
        self._groups = tuple(ReviewGroup(**raw) for raw in review["groups"])
        self._timeline = {
            int(group): tuple(ReviewPhase(**raw) for raw in phases)
            for group, phases in review["timeline"].items()
        }
        self._facts = tuple(
            Fact(
                raw["id"],
                raw["status"],
                raw["source"],
                raw["as_of"],
                Localized.parse(raw["text"], raw["id"]),
            )
            for raw in review["facts"]
        )
        self._channels = tuple(
            self._parse_channel(raw) for raw in documents["channels.json"]["channels"]
        )
        self._sorted: dict[str, tuple[State, ...]] = {}

    # ---- parsing ---------------------------------------------------------------------------------

    @staticmethod
    def _parse_meta(name: str, doc: Mapping[str, Any]) -> SourceInfo:
        meta = doc.get("meta")
        if not isinstance(meta, Mapping) or not meta.get("source") or not meta.get("as_of"):
            raise ReferenceDataError(f"{name}: the metadata object must state 'source' and 'as_of'")
        return SourceInfo(
            file=name,
            as_of=meta["as_of"],
            sources=tuple(meta["source"]),
            verification=meta.get("verification", ""),
            _title=Localized.parse(meta["title"], f"{name} title"),
        )

    @staticmethod
    def _parse_instruments(raw_list: Iterable[Mapping[str, Any]]) -> dict[str, Instrument]:
        result: dict[str, Instrument] = {}
        for raw in raw_list:
            code = raw["code"]
            result[code] = Instrument(
                code=code,
                untc_chapter=raw["untc_chapter"],
                adopted=raw["adopted"],
                adopting_resolution=raw["adopting_resolution"],
                entry_into_force=raw["entry_into_force"],
                article_count=int(raw["article_count"]),
                _name=Localized.parse(raw["name"], f"{code} name"),
                _name_status=Localized.parse(raw["name_status"], f"{code} name_status"),
                _short_name=Localized.parse(raw["short_name"], f"{code} short_name"),
                _short_name_status=Localized.parse(
                    raw["short_name_status"], f"{code} short_name_status"
                ),
                _abbreviation=Localized.parse(raw["abbreviation"], f"{code} abbreviation"),
            )
        if tuple(result) != INSTRUMENT_CODES:
            raise ReferenceDataError(f"instruments.json must list {INSTRUMENT_CODES} in that order")
        return result

    @staticmethod
    def _parse_clusters(raw_list: Iterable[Mapping[str, Any]]) -> dict[int, Cluster]:
        result: dict[int, Cluster] = {}
        for raw in raw_list:
            number = int(raw["number"])
            entries = tuple(
                (
                    code,
                    tuple(raw["articles"][code]["articles"]),
                    raw["articles"][code]["status"],
                    raw["articles"][code]["source"],
                )
                for code in INSTRUMENT_CODES
            )
            result[number] = Cluster(
                number=number,
                _name=Localized.parse(raw["name"], f"cluster {number} name"),
                _name_status=Localized.parse(raw["name_status"], f"cluster {number} name_status"),
                _short_name=Localized.parse(raw["short_name"], f"cluster {number} short_name"),
                _articles=entries,
                _note=Localized.parse(raw["note"], f"cluster {number} note")
                if "note" in raw
                else None,
            )
        if sorted(result) != [1, 2, 3, 4]:
            raise ReferenceDataError("clusters.json must define clusters 1 to 4")
        return result

    def _parse_articles(
        self, raw_list: Iterable[Mapping[str, Any]]
    ) -> dict[str, tuple[Article, ...]]:
        in_clusters: dict[tuple[str, int], list[int]] = {}
        for cluster in self._clusters.values():
            for code, numbers, _status, _source in cluster._articles:
                for number in numbers:
                    in_clusters.setdefault((code, number), []).append(cluster.number)
        by_code: dict[str, list[Article]] = {code: [] for code in INSTRUMENT_CODES}
        for raw in raw_list:
            code, number = raw["instrument"], int(raw["number"])
            what = f"{code} article {number}"
            by_code[code].append(
                Article(
                    instrument=code,
                    number=number,
                    clusters=tuple(sorted(in_clusters.pop((code, number), []))),
                    _title=Localized.parse(raw["title"], what),
                    _title_status=Localized.parse(raw["title_status"], f"{what} status"),
                    _title_source=Localized.parse(raw["title_source"], f"{what} source"),
                    _note=Localized.parse(raw["note"], f"{what} note") if "note" in raw else None,
                )
            )
        if in_clusters:
            raise ReferenceDataError(
                f"clusters.json names articles that do not exist: {sorted(in_clusters)}"
            )
        for code, articles in by_code.items():
            expected = list(range(1, self._instruments[code].article_count + 1))
            if [a.number for a in articles] != expected:
                raise ReferenceDataError(
                    f"articles.json: {code} must have articles 1-{expected[-1]} in order"
                )
        return {code: tuple(articles) for code, articles in by_code.items()}

    @staticmethod
    def _parse_party(row: Mapping[str, str]) -> Party:
        what = f"{PARTY_STATUS_FILE}: {row.get('iso2')} {row.get('instrument')}"
        status, confidence = row["status"].strip(), row["confidence"].strip()
        if status not in PARTY_STATUSES:
            raise ReferenceDataError(f"{what}: unknown party status {status!r}")
        if confidence not in CONFIDENCES:
            raise ReferenceDataError(f"{what}: unknown confidence {confidence!r}")
        date, action = row["date"].strip() or None, row["action"].strip() or None
        if date is not None and not re.fullmatch(r"\d{4}-\d{2}-\d{2}", date):
            raise ReferenceDataError(f"{what}: the date {date!r} is not YYYY-MM-DD")
        if (date or action) and status != "party":
            raise ReferenceDataError(f"{what}: a deposit date or action belongs to a party only")
        if action is not None and action not in ACTIONS:
            raise ReferenceDataError(f"{what}: unknown action {action!r}")
        source = row["source"].strip()
        if not source:
            raise ReferenceDataError(f"{what}: every row must name its source")
        return Party(
            status=status,  # type: ignore[arg-type]  # checked against PARTY_STATUSES above
            date=date,
            source=source,
            as_of=row["source_as_of"].strip() or None,
            confidence=confidence,  # type: ignore[arg-type]  # checked against CONFIDENCES
            action=action,
        )

    def _parse_parties(self, rows: Iterable[Mapping[str, str]]) -> dict[str, dict[str, Party]]:
        """``party_status.csv`` as ISO code -> instrument code -> :class:`Party`, complete."""
        result: dict[str, dict[str, Party]] = {}
        for row in rows:
            code = row["instrument"].strip().upper()
            if code not in INSTRUMENT_CODES:
                raise ReferenceDataError(f"{PARTY_STATUS_FILE}: unknown instrument {code!r}")
            by_code = result.setdefault(row["iso2"].strip().upper(), {})
            if code in by_code:
                raise ReferenceDataError(f"{PARTY_STATUS_FILE}: {row['iso2']} {code} twice")
            by_code[code] = self._parse_party(row)
        return result

    def _parse_states(
        self, raw_list: Iterable[Mapping[str, Any]], parties: Mapping[str, Mapping[str, Party]]
    ) -> dict[str, State]:
        result: dict[str, State] = {}
        for raw in raw_list:
            iso2 = raw["iso2"]
            if iso2 in result:
                raise ReferenceDataError(f"states.json lists {iso2} twice")
            rows = parties.get(iso2, {})
            missing = [code for code in INSTRUMENT_CODES if code not in rows]
            if missing:
                # Every participant has a row per instrument, "unknown" included: a gap in the
                # file would otherwise be indistinguishable from a status nobody looked up.
                raise ReferenceDataError(f"{PARTY_STATUS_FILE}: no row for {iso2} {missing}")
            group = raw.get("review_group") or {}
            result[iso2] = State(
                iso2=iso2,
                iso3=raw.get("iso3"),
                review_group=group.get("group"),
                review_group_status=group.get("status", "unknown"),
                review_group_source=group.get("source", ""),
                _parties=tuple((code, rows[code]) for code in INSTRUMENT_CODES),
            )
        unknown = sorted(set(parties) - set(result))
        if unknown:
            raise ReferenceDataError(f"{PARTY_STATUS_FILE} names unknown participants: {unknown}")
        return result

    @staticmethod
    def _parse_channel(raw: Mapping[str, Any]) -> Channel:
        what = f"channel {raw['id']}"
        uses = tuple(raw["uses"])
        if not uses or any(use not in CHANNEL_USES for use in uses):
            raise ReferenceDataError(f"channels.json: {what} has uses outside {CHANNEL_USES}")
        where = tuple(str(w).strip() for w in raw["where"])
        if not where or not all(where) or not str(raw.get("source", "")).strip():
            raise ReferenceDataError(f"channels.json: {what} must say where and from which source")
        return Channel(
            id=raw["id"],
            uses=uses,
            where=where,
            source=raw["source"],
            _name=Localized.parse(raw["name"], f"{what} name"),
            _what=Localized.parse(raw["what"], f"{what} text"),
        )

    @staticmethod
    def _parse_crime(raw: Mapping[str, Any]) -> CrimeType:
        return CrimeType(
            id=raw["id"],
            related=raw.get("related"),
            _name=Localized.parse(raw["name"], f"crime type {raw['id']}"),
            _name_status=Localized.parse(raw["name_status"], f"crime type {raw['id']} status"),
        )

    @staticmethod
    def _parse_sdg(raw: Mapping[str, Any]) -> SdgTarget:
        what = f"SDG target {raw['target']}"
        return SdgTarget(
            target=raw["target"],
            goal=int(raw["goal"]),
            instruments=tuple(raw["instruments"]),
            relation=raw.get("relation", ""),
            in_guide=bool(raw.get("in_guide", False)),
            _text=Localized.parse(raw["text"], what),
            _text_status=Localized.parse(raw["text_status"], f"{what} status"),
            _text_source=Localized.parse(raw["text_source"], f"{what} source"),
        )

    # ---- the API ---------------------------------------------------------------------------------

    def instruments(self) -> list[Instrument]:
        """The Convention and its Protocols, always in the order UNTOC, TIP, SOM, FIREARMS."""
        return list(self._instruments.values())

    def instrument(self, code: str) -> Instrument:
        return self._instruments[code]

    def articles(self, code: str) -> list[Article]:
        return list(self._articles[code])

    def article(self, code: str, number: int) -> Article:
        """Raises ``KeyError`` for an unknown instrument or article number."""
        articles = self._articles[code]
        if not 1 <= number <= len(articles):
            raise KeyError(f"{code} {number}")
        return articles[number - 1]

    def clusters(self) -> list[Cluster]:
        return [self._clusters[n] for n in sorted(self._clusters)]

    def cluster(self, number: int) -> Cluster:
        return self._clusters[number]

    def states(self) -> list[State]:
        """All 198 eligible participants, in the order of the data file (not localized)."""
        return list(self._states.values())

    def state(self, iso2: str) -> State:
        return self._states[iso2.upper()]

    def country_name(self, iso2: str, lang: str) -> str:
        """The State's name in ``lang`` (``country_names.country_name``).

        Raises ``KeyError`` if neither the override table nor CLDR knows the code.
        """
        return country_names.country_name(iso2, lang)

    def has_override(self, iso2: str) -> bool:
        return country_names.has_override(iso2)

    def sorted_states(self, lang: str) -> list[State]:
        """The States sorted by their name in ``lang`` (accents ignored, so Égypte files under
        E)."""
        lang = normalize(lang)
        if lang not in self._sorted:
            self._sorted[lang] = tuple(
                sorted(
                    self._states.values(),
                    key=lambda s: _sort_key(self.country_name(s.iso2, lang), lang),
                )
            )
        return list(self._sorted[lang])

    def crime_types(self) -> list[CrimeType]:
        return list(self._crime_types)

    def sdg_targets(self) -> list[SdgTarget]:
        return list(self._sdg_targets)

    def review_groups(self) -> list[ReviewGroup]:
        return list(self._groups)

    def review_timeline(self, group: int) -> list[ReviewPhase]:
        """The theoretical plan for ``group``; see each phase's ``status`` for what is actually
        known."""
        return list(self._timeline[group])

    def review_facts(self) -> list[Fact]:
        return list(self._facts)

    def channels(self, use: str | None = None) -> list[Channel]:
        """The guide's channels, in the file's order; only those offered for ``use`` if given."""
        return [c for c in self._channels if use is None or use in c.uses]

    def channel(self, channel_id: str) -> Channel:
        for channel in self._channels:
            if channel.id == channel_id:
                return channel
        raise KeyError(channel_id)

    def sources(self) -> list[SourceInfo]:
        """One entry per reference file, in a fixed order, for the About box."""
        return list(self._sources)


def read_documents() -> dict[str, dict[str, Any]]:
    """Parse every reference file; a missing or malformed one raises :class:`ReferenceDataError`.

    ``party_status.csv`` comes back as ``{"rows": [...]}`` under its own name.
    """
    documents = {name: read_reference_file(name) for name in FILES}
    documents[PARTY_STATUS_FILE] = {"rows": read_party_rows()}
    return documents


def read_party_rows() -> list[dict[str, str]]:
    """The rows of ``party_status.csv``, checked for the expected columns."""
    path = resource("reference", PARTY_STATUS_FILE)
    try:
        with path.open(encoding="utf-8", newline="") as fh:
            reader = csv.DictReader(fh)
            if tuple(reader.fieldnames or ()) != PARTY_STATUS_COLUMNS:
                raise ReferenceDataError(
                    f"{path}: the columns must be {', '.join(PARTY_STATUS_COLUMNS)}"
                )
            return [dict(row) for row in reader]
    except (OSError, ValueError, csv.Error) as exc:
        raise ReferenceDataError(f"cannot read reference file {path}: {exc}") from exc


@cache
def load() -> ReferenceData:
    """The reference data, read once per process."""
    try:
        return ReferenceData(read_documents())
    except (KeyError, TypeError) as exc:
        raise ReferenceDataError(f"malformed reference data: {exc!r}") from exc


def read_demonyms() -> dict[str, Any]:
    """``demonyms.json`` for :mod:`untoc_desktop.core.mentions`, read on demand (not at start-up).

    Kept out of :data:`FILES` because only the constructive-dialogue statement needs it.
    """
    return read_reference_file("demonyms.json")
