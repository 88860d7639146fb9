#!/usr/bin/env python3
"""Deterministic synthetic news corpus for the framelens benchmarks.

Writes DIR/<outlet-slug>/<article-id>.txt in the layout of corpus/README.md
(front matter between two `---` lines, one paragraph per line, curly quotes),
so `framelens analyze DIR` reads it like a real corpus folder.

What the text contains (built from sentence templates, not copied from
anywhere; every person quoted is invented):

* attributed direct quotes (“…,” X said / X told reporters: “…”), indirect
  speech (X said that …, According to X, …), narrator statements, numbers
  (casualties, money, percentages, counts) and dates;
* loaded terms taken from the bundled lexicon (lexicons/*.csv, English rows:
  occupation, liberated territories, Artsakh, so-called, regime, …) at a rate
  that depends on the outlet's lean: neutral outlets almost never use them,
  partisan outlets use their side's terms (and the general labels, hedges and
  distancing words) in a few percent of sentences, mostly in their own
  (narrator) voice, while quoted speakers use them whatever the outlet;
* reporting verbs from lexicons/cues.csv: mostly neutral (said, told, added),
  with partisan outlets swapping in stance verbs (claimed, insisted, admitted);
* "wire copy" events (--wire, or a share of events with --wire-share): one
  base story per event, carried by many outlets as near-identical copies with
  small edits: a reporting verb changed, a clause inserted, a sentence
  dropped, a number changed, a distancing word added, two paragraphs swapped,
  the closing background rewritten in the outlet's own voice;
* --regime-outlet I makes outlet I say "regime" where the others say
  "government" (in its narrator voice), so keyness should rank "regime" as
  that outlet's most over-used word.

Everything is derived from --seed: the same arguments always give the same
bytes (each article and each event has its own random stream, so the output
does not depend on generation order). The generator prints a one-line JSON
summary (articles, outlets, events, bytes, words) on standard output, and keeps
its arguments in DIR/.framelens-bench (a hidden file framelens skips). It
only ever deletes DIR if that marker is there (or DIR is empty).
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import random
import re
import shutil
import sys
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path

MARKER = ".framelens-bench"
HERE = Path(__file__).resolve().parent

# ---------------------------------------------------------------------------
# Vocabulary. Countries and organisations are real (news needs them); people
# are invented from these name lists.

COUNTRIES = [
    # name, adjective, capital, people
    ("Armenia", "Armenian", "Yerevan", "Armenians"),
    ("Azerbaijan", "Azerbaijani", "Baku", "Azerbaijanis"),
    ("Russia", "Russian", "Moscow", "Russians"),
    ("Georgia", "Georgian", "Tbilisi", "Georgians"),
    ("Turkey", "Turkish", "Ankara", "Turks"),
    ("Iran", "Iranian", "Tehran", "Iranians"),
    ("Ukraine", "Ukrainian", "Kyiv", "Ukrainians"),
    ("Kazakhstan", "Kazakh", "Astana", "Kazakhs"),
    ("France", "French", "Paris", "French citizens"),
    ("Germany", "German", "Berlin", "Germans"),
    ("the United States", "US", "Washington", "Americans"),
    ("Belarus", "Belarusian", "Minsk", "Belarusians"),
    ("Moldova", "Moldovan", "Chisinau", "Moldovans"),
    ("Uzbekistan", "Uzbek", "Tashkent", "Uzbeks"),
    ("Poland", "Polish", "Warsaw", "Poles"),
]
PLACES = [
    "Gyumri", "Ganja", "Lachin", "Goris", "Kapan", "Sisian", "Shirak", "Tavush", "Nakhchivan",
    "Batumi", "Kutaisi", "Rostov", "Sochi", "Krasnodar", "Kharkiv", "Odesa", "Dnipro", "Zaporizhzhia",
    "Aktau", "Mersin", "Tabriz", "Ijevan", "Vanadzor", "Meghri", "Jermuk", "Sumgait", "Lankaran",
]
ORGS = [
    "the European Union", "the United Nations", "the OSCE", "the International Committee of the Red Cross",
    "the World Bank", "the CSTO", "NATO", "the Council of Europe", "the International Monetary Fund",
    "Human Rights Watch", "Amnesty International", "the Asian Development Bank", "the UN refugee agency",
    "the World Health Organization", "the European Court of Human Rights", "the Eurasian Economic Union",
]
FIRST = [
    "Anna", "Aram", "Lilit", "Tigran", "Nigar", "Rashad", "Elena", "Dmitry", "Irina", "Nino", "Giorgi",
    "Levan", "Mehmet", "Ayse", "Reza", "Maryam", "Olena", "Taras", "Aigerim", "Nurlan", "Claire", "Jonas",
    "Sarah", "Michael", "Katarzyna", "Piotr", "Sevda", "Kamran", "Gohar", "Narek", "Oksana", "Viktor",
    "Laura", "Thomas", "Ruslan", "Leyla", "Ani", "Davit", "Farid", "Zara", "Pavel", "Marta",
]
LAST = [
    "Petrosyan", "Hakobyan", "Sargsyan", "Mammadov", "Aliyeva", "Huseynov", "Volkova", "Sokolov", "Kuznetsova",
    "Beridze", "Kapanadze", "Gelashvili", "Yilmaz", "Demir", "Rahimi", "Karimi", "Shevchenko", "Bondarenko",
    "Nurlanova", "Abenov", "Moreau", "Weber", "Collins", "Novak", "Kowalska", "Ismayilov", "Avetisyan",
    "Grigoryan", "Melnyk", "Orlov", "Hasanli", "Babayan", "Tsereteli", "Lefevre", "Schmidt", "Harrison",
]
ROLES = [
    "Foreign Minister", "Defence Minister", "Prime Minister", "President", "Deputy Foreign Minister",
    "Economy Minister", "Interior Minister", "presidential spokesperson", "foreign ministry spokesperson",
    "opposition leader", "parliament speaker", "Energy Minister", "chief negotiator", "ombudsperson",
]
EXPERTS = [
    "a {capital}-based security analyst", "a political scientist at {capital} State University",
    "a senior diplomat who asked not to be named", "a researcher at a {capital} think tank",
    "a former ambassador to {capital}", "a regional analyst", "a local official",
    "a resident of {place}", "a teacher in {place}", "a retired engineer in {place}",
    "a farmer near {place}", "a shopkeeper in {place}", "a doctor at the {place} hospital",
]
WEEKDAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]
MONTHS = [
    "January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
    "November", "December",
]

# Topics: an event is about one of these. Each gives headline patterns, noun
# phrases, actions, quote stems and clauses, which the sentence templates fill.
TOPICS = [
    {
        "slug": "border-talks", "head": ["{A} and {B} resume border talks", "Border commission meets as {A} and {B} trade accusations",
                                          "{A} says border deal with {B} within reach"],
        "np": ["the border commission", "the delimitation process", "the draft map", "the border villages",
               "the line of contact", "the joint working group", "the disputed section of the border",
               "the demarcation of the border", "the checkpoints", "the border guards"],
        "act": ["resume the talks on", "finalise", "review", "suspend work on", "sign a protocol on", "discuss"],
        "pp": ["delayed", "postponed", "agreed", "signed", "rejected", "revised"],
        "unit": ["kilometres of border", "villages", "checkpoints", "border posts", "soldiers"],
    },
    {
        "slug": "gas-deal", "head": ["{A} signs gas supply deal with {B}", "{A} and {B} agree on gas prices",
                                      "Gas deal between {A} and {B} faces delays"],
        "np": ["the gas contract", "the pipeline", "the supply agreement", "the transit fee", "the new compressor station",
               "the price formula", "the energy ministry", "the pipeline operator", "the export quota"],
        "act": ["extend", "renegotiate", "sign", "suspend", "review", "expand"],
        "pp": ["signed", "extended", "delayed", "approved", "renegotiated", "suspended"],
        "unit": ["billion cubic metres of gas", "million dollars", "kilometres of pipeline", "percent"],
    },
    {
        "slug": "military-drills", "head": ["{A} to hold military drills with {B}", "{A} cancels joint exercises with {B}",
                                             "Drills near the border raise tensions between {A} and {B}"],
        "np": ["the joint exercises", "the military drills", "the defence ministry", "the command staff",
               "the air defence units", "the training ground", "the alliance", "the peacekeeping contingent"],
        "act": ["hold", "cancel", "postpone", "expand", "observe", "host"],
        "pp": ["cancelled", "postponed", "announced", "held", "scaled back", "moved"],
        "unit": ["troops", "soldiers", "armoured vehicles", "aircraft", "servicemen"],
    },
    {
        "slug": "prisoner-exchange", "head": ["{A} and {B} exchange prisoners", "Prisoner swap between {A} and {B} delayed",
                                               "{A} frees detainees in deal with {B}"],
        "np": ["the prisoner exchange", "the detainees", "the families of the prisoners", "the mediators",
               "the humanitarian gesture", "the list of names", "the release", "the handover"],
        "act": ["complete", "delay", "welcome", "organise", "demand", "verify"],
        "pp": ["released", "returned", "detained", "exchanged", "handed over", "held"],
        "unit": ["prisoners", "detainees", "servicemen", "civilians", "bodies"],
    },
    {
        "slug": "election", "head": ["{A} votes in snap parliamentary election", "Observers criticise election in {A}",
                                      "Ruling party wins election in {A}, {B} reacts"],
        "np": ["the election", "the ruling party", "the opposition bloc", "the central election commission",
               "the observers", "the turnout", "the ballot count", "the campaign", "the preliminary results"],
        "act": ["challenge", "welcome", "monitor", "recount", "contest", "certify"],
        "pp": ["counted", "contested", "certified", "criticised", "announced", "postponed"],
        "unit": ["percent of the vote", "seats", "polling stations", "observers", "voters"],
    },
    {
        "slug": "protests", "head": ["Thousands protest in {capA} over deal with {B}", "Police detain protesters in {capA}",
                                      "Protests in {capA} enter second week"],
        "np": ["the protests", "the rally", "the police", "the protesters", "the demonstrators", "the main square",
               "the interior ministry", "the opposition", "the road blockades"],
        "act": ["disperse", "join", "support", "condemn", "end", "organise"],
        "pp": ["detained", "dispersed", "injured", "arrested", "released", "fined"],
        "unit": ["protesters", "people", "police officers", "demonstrators", "arrests"],
    },
    {
        "slug": "peace-treaty", "head": ["{A} and {B} edge closer to peace treaty", "{A} sends proposals on peace treaty to {B}",
                                          "Peace treaty talks between {A} and {B} stall"],
        "np": ["the peace treaty", "the draft agreement", "the negotiations", "the mediators", "the proposals",
               "the foreign ministers", "the text of the treaty", "the transport links", "the normalisation process"],
        "act": ["sign", "respond to", "reject", "finalise", "study", "send back"],
        "pp": ["agreed", "rejected", "sent", "signed", "delayed", "amended"],
        "unit": ["articles", "rounds of talks", "points", "pages", "meetings"],
    },
    {
        "slug": "trade-sanctions", "head": ["{A} imposes new restrictions on imports from {B}", "{B} protests {A} trade ban",
                                             "Trade between {A} and {B} falls sharply"],
        "np": ["the import ban", "the customs service", "the trade ministry", "the sanctions", "the exporters",
               "the new tariffs", "the border crossing", "the food safety agency", "the trade turnover"],
        "act": ["lift", "impose", "extend", "ease", "review", "challenge"],
        "pp": ["imposed", "lifted", "extended", "eased", "introduced", "blocked"],
        "unit": ["million dollars", "percent", "tonnes", "trucks", "companies"],
    },
    {
        "slug": "humanitarian-aid", "head": ["Aid convoy reaches {place}", "{A} says aid to {place} blocked",
                                              "Shortages reported in {place} as road stays closed"],
        "np": ["the aid convoy", "the road", "the shortages", "the Red Cross", "the humanitarian corridor",
               "the medical supplies", "the hospital", "the local authorities", "the food deliveries"],
        "act": ["deliver", "block", "allow", "inspect", "escort", "suspend"],
        "pp": ["delivered", "blocked", "delayed", "allowed", "inspected", "evacuated"],
        "unit": ["tonnes of aid", "patients", "trucks", "residents", "families"],
    },
    {
        "slug": "earthquake", "head": ["Earthquake strikes near {place}", "Death toll rises after quake near {place}",
                                        "{A} sends rescuers after earthquake in {place}"],
        "np": ["the earthquake", "the rescue teams", "the emergency ministry", "the damaged buildings", "the aftershocks",
               "the survivors", "the temporary shelters", "the reconstruction"],
        "act": ["assess", "rebuild", "evacuate", "fund", "inspect", "coordinate"],
        "pp": ["damaged", "destroyed", "evacuated", "rescued", "injured", "rebuilt"],
        "unit": ["people", "buildings", "families", "rescuers", "homes"],
    },
]

FILLER_NP = [
    "the talks", "the agreement", "the region", "the situation", "the security of the population", "the ceasefire",
    "the settlement", "the international community", "the mediators", "the transport routes", "the economy",
    "the refugees", "the investment plans", "the budget", "the parliament", "the government's plans",
    "the new roads", "the railway link", "the water supply", "the school year", "the harvest", "the currency",
    "the reforms", "the inflation rate", "the customs checks", "the courts", "the media law",
]
ADVERB_TIME = [
    "this year", "next month", "by the end of the year", "in the coming weeks", "as soon as possible",
    "without delay", "before the summer", "next week", "in the spring", "within days",
]
NEUTRAL_VERBS = ["said", "said", "said", "said", "told reporters", "added", "noted", "stated", "explained", "announced"]
# Speech verbs used in "X <verb> that ..." (cues as they appear in cues.csv).
NEUTRAL_THAT = ["said", "said", "said", "noted", "stated", "told reporters", "announced", "explained"]

QUOTE_STEMS = [
    "We will not accept any decision that ignores {np}",
    "Our position on {np} has not changed",
    "{NP} must be implemented in full",
    "We are ready to continue the dialogue on {np}",
    "There can be no progress without {np}",
    "This is a matter of principle for {cadj} people",
    "We expect concrete steps from our partners",
    "Nobody should doubt our commitment to {np}",
    "The situation around {np} remains difficult",
    "We have done everything we could to {act} {np}",
    "I have told our partners that {np} is not up for discussion",
    "The decision on {np} will be made in {capital}, not elsewhere",
    "We hope that {np} will be resolved {time}",
    "These are not the words of a reliable partner",
    "The people of {place} deserve better than this",
    "Everyone saw what happened, and everyone knows who is responsible",
    "We are not going to comment on rumours about {np}",
    "It is too early to speak about the results",
    "My family has lived here for four generations, and we are not leaving",
    "Prices have doubled since the autumn, and nobody explains why",
]
CLAUSES = [
    "{country} would {act} {np} {time}",
    "{np} had been {pp} because of disagreements over {np2}",
    "talks on {np} would resume {time}",
    "{n} {unit} had been {pp} since {month} {day}",
    "{cadj} officials were ready to {act} {np}",
    "{np} was not on the agenda of the meeting in {capital}",
    "{country} had received no formal request regarding {np}",
    "the {cadj} side had {pp} {np2}",
    "{org} should play a greater role in {np}",
    "{np} could cost the budget about {money}",
]


# ---------------------------------------------------------------------------
# Lexicon: the loaded terms are read from the repository's bundled lexicon.

@dataclass
class Term:
    term: str
    category: str
    side: str
    note: str = ""


def load_terms(lexdir: Path) -> list[Term]:
    terms: list[Term] = []
    for path in sorted(lexdir.glob("*.csv")):
        if path.name == "cues.csv":
            continue
        with path.open(encoding="utf-8", newline="") as fh:
            for row in csv.DictReader(fh):
                t = (row.get("term") or "").strip()
                if (row.get("language") or "en").strip() not in ("", "en"):
                    continue
                if not t or row.get("category") in ("exception", "stance-verb") or any(c in t for c in "*?[]"):
                    continue
                terms.append(Term(t, row.get("category", ""), (row.get("side") or "").strip(), row.get("note") or ""))
    if not terms:
        sys.exit(f"gen_corpus: no English lexicon terms found in {lexdir}")
    return terms


def load_stance_cues(lexdir: Path) -> dict[str, list[str]]:
    """Past-tense English reporting verbs by stance (from cues.csv)."""
    out: dict[str, list[str]] = {}
    path = lexdir / "cues.csv"
    if not path.exists():
        return {"distancing": ["claimed", "insisted"], "emphasis": ["stressed"], "concession": ["admitted"]}
    with path.open(encoding="utf-8", newline="") as fh:
        for row in csv.DictReader(fh):
            cue = row["cue"].strip()
            if row.get("language", "en") != "en" or " " in cue or not cue.endswith("ed"):
                continue
            out.setdefault(row["stance"], []).append(cue)
    return out


# ---------------------------------------------------------------------------
# Outlets, events, people.

OUTLET_A = [
    "Harbor", "Meridian", "Caspian", "Northern", "Capital", "Evening", "Morning", "Valley", "Coastal", "Central",
    "Highland", "Eastern", "Western", "Metro", "Continental", "Riverside", "Frontier", "Citadel", "Summit", "Union",
]
OUTLET_B = [
    "Daily", "Wire", "Herald", "Observer", "Times", "Post", "News", "Gazette", "Monitor", "Chronicle", "Review",
    "Express", "Courier", "Tribune", "Journal", "Dispatch", "Bulletin", "Ledger", "Telegraph", "Standard",
]
# Leans cycle over the outlets: a third neutral, the rest partisan.
LEANS = ["neutral", "azerbaijan", "armenia", "russia", "neutral", "west", "general", "neutral", "azerbaijan", "armenia"]


@dataclass
class Outlet:
    index: int
    name: str
    slug: str
    lean: str
    loaded_rate: float  # per narrator sentence
    stance_rate: float  # share of reporting verbs that carry a stance
    edit_rate: float  # wire copies: how much the copy desk changes
    regime: float = 0.0  # share of narrator "government" said as "regime"


def make_outlets(k: int, seed: int, regime_outlet: int | None, regime_rate: float) -> list[Outlet]:
    rng = random.Random(f"{seed}:outlets")
    names = [f"{a} {b}" for a in OUTLET_A for b in OUTLET_B]
    rng.shuffle(names)
    out = []
    for i in range(k):
        name = names[i % len(names)] + ("" if i < len(names) else f" {i // len(names) + 1}")
        lean = LEANS[i % len(LEANS)]
        partisan = lean != "neutral"
        out.append(
            Outlet(
                index=i,
                name=name,
                slug=re.sub(r"[^a-z0-9]+", "-", name.lower()).strip("-"),
                lean=lean,
                loaded_rate=rng.uniform(0.04, 0.10) if partisan else rng.uniform(0.0, 0.006),
                stance_rate=rng.uniform(0.15, 0.35) if partisan else rng.uniform(0.0, 0.05),
                edit_rate=rng.uniform(0.5, 1.0) if partisan else rng.uniform(0.1, 0.4),
                regime=regime_rate if i == regime_outlet else 0.0,
            )
        )
    return out


@dataclass
class Person:
    first: str
    last: str
    role: str
    country: tuple

    @property
    def full(self) -> str:
        adj = self.country[1]
        return f"{adj} {self.role} {self.first} {self.last}"


@dataclass
class Event:
    index: int
    slug: str
    topic: dict
    a: tuple
    b: tuple
    place: str
    day: date
    people: list
    numbers: list
    wire: bool
    base: list = field(default_factory=list)  # wire story: list of paragraphs of Sentence
    title: str = ""


START = date(2022, 1, 3)


def make_event(i: int, seed: int, wire: bool) -> Event:
    rng = random.Random(f"{seed}:event:{i}")
    topic = TOPICS[rng.randrange(len(TOPICS))]
    a, b = rng.sample(COUNTRIES, 2)
    people = []
    for c in (a, a, b, b, rng.choice(COUNTRIES)):
        people.append(Person(rng.choice(FIRST), rng.choice(LAST), rng.choice(ROLES), c))
    ev = Event(
        index=i,
        slug=f"{topic['slug']}-{i + 1:05d}",
        topic=topic,
        a=a,
        b=b,
        place=rng.choice(PLACES),
        day=START + timedelta(days=rng.randrange(3 * 365)),
        people=people,
        numbers=[rng.choice([12, 35, 280, 2000, 6500, 30000, 120000, 45, 3, 17]) for _ in range(4)],
        wire=wire,
    )
    ev.title = fill(rng.choice(topic["head"]), rng, ev, capital_first=True)
    if wire:
        ev.base = wire_story(rng, ev)
    return ev


# ---------------------------------------------------------------------------
# Sentences. A Sentence keeps its reporting verb apart (so a copy desk can
# change it) and knows whether it is the narrator's statement.

@dataclass
class Sentence:
    text: str  # may contain {VERB} (reporting verb) and {THAT} (verb before "that")
    verb: str = ""
    kind: str = "narrator"  # narrator | direct | indirect

    def render(self, verb: str | None = None) -> str:
        v = verb or self.verb
        return self.text.replace("{VERB}", v)


def fmt_number(n: int) -> str:
    return f"{n:,}"


def money(rng: random.Random) -> str:
    return rng.choice(["$", "€"]) + rng.choice(["1.2 billion", "350 million", "48 million", "2.5 billion", "900,000", "15 million"])


def fill(template: str, rng: random.Random, ev: Event, capital_first: bool = False) -> str:
    t = ev.topic
    c = rng.choice([ev.a, ev.b])
    vals = {
        "A": ev.a[0], "B": ev.b[0], "capA": ev.a[2], "place": ev.place,
        "np": rng.choice(t["np"] + FILLER_NP[:6]), "np2": rng.choice(FILLER_NP + t["np"]),
        "act": rng.choice(t["act"]), "pp": rng.choice(t["pp"]), "unit": rng.choice(t["unit"]),
        "time": rng.choice(ADVERB_TIME), "country": c[0], "cadj": c[1], "capital": c[2],
        "org": rng.choice(ORGS), "n": fmt_number(rng.choice(ev.numbers)), "money": money(rng),
        "month": rng.choice(MONTHS), "day": str(rng.randint(1, 28)),
    }
    vals["NP"] = vals["np"][0].upper() + vals["np"][1:]
    s = template.format(**vals)
    return s[0].upper() + s[1:] if capital_first else s


def cap(s: str) -> str:
    return s[0].upper() + s[1:] if s else s


def speaker(rng: random.Random, ev: Event, mentioned: set) -> str:
    if rng.random() < 0.2:
        e = rng.choice(EXPERTS)
        return e.format(capital=rng.choice([ev.a, ev.b])[2], place=ev.place)
    p = rng.choice(ev.people)
    key = p.last
    if key in mentioned:
        return p.last
    mentioned.add(key)
    return p.full


def date_phrase(rng: random.Random, ev: Event, since: bool = False) -> str:
    """When something happened (`since` also allows "since <date>", for states, not for speech)."""
    d = ev.day - timedelta(days=rng.randrange(0, 400))
    choices = [
        f"on {WEEKDAYS[ev.day.weekday()]}", f"on {MONTHS[d.month - 1]} {d.day}", f"in {MONTHS[d.month - 1]} {d.year}",
        f"in {d.year}", "last week", "earlier this month",
    ]
    if since:
        choices.append(f"since {MONTHS[d.month - 1]} {d.day}")
    return rng.choice(choices)


def sentence(rng: random.Random, ev: Event, mentioned: set) -> Sentence:
    """One sentence of ordinary news prose about the event (no loaded terms)."""
    r = rng.random()
    if r < 0.22:  # direct quote, speaker after
        q = fill(rng.choice(QUOTE_STEMS), rng, ev, capital_first=True)
        who = speaker(rng, ev, mentioned)
        if rng.random() < 0.5:
            return Sentence(f"“{q},” {who} {{VERB}}.", rng.choice(NEUTRAL_VERBS), "direct")
        return Sentence(f"“{q},” {{VERB}} {who}.", "said", "direct")
    if r < 0.30:  # direct quote, speaker first
        q = fill(rng.choice(QUOTE_STEMS), rng, ev, capital_first=True)
        who = cap(speaker(rng, ev, mentioned))
        return Sentence(f"{who} {{VERB}} {date_phrase(rng, ev)}: “{q}.”", rng.choice(["said", "told reporters", "added"]), "direct")
    if r < 0.48:  # indirect speech
        cl = fill(rng.choice(CLAUSES), rng, ev)
        who = cap(speaker(rng, ev, mentioned))
        if rng.random() < 0.5:
            return Sentence(f"{who} {{VERB}} {date_phrase(rng, ev)} that {cl}.", rng.choice(NEUTRAL_THAT), "indirect")
        return Sentence(f"{who} {{VERB}} that {cl}.", rng.choice(NEUTRAL_THAT), "indirect")
    if r < 0.55:
        cl = fill(rng.choice(CLAUSES), rng, ev)
        return Sentence(f"According to {speaker(rng, ev, mentioned)}, {cl}.", "", "indirect")
    if r < 0.70:  # numbers and dates
        n = fmt_number(rng.choice(ev.numbers))
        t = rng.choice([
            "At least {n} {unit} were {pp} {dp}, {org} said in a statement.",
            "The {cadj} government has allocated {money} to {np}.",
            "More than {n} {unit} have been {pp} {dp}, according to official figures.",
            "{Country}'s trade with {B} fell by {pct} percent in {year}, customs data show.",
            "About {big} people live in the area around {place}.",
            "The last round of talks, held in {capital} {dp2}, lasted {hours} hours.",
            "Turnout stood at {pct} percent, the election commission said on {weekday}.",
            "The figure is up from {n2} a year earlier.",
        ])
        c, d = rng.sample([ev.a, ev.b], 2)
        s = t.format(
            n=n, big=fmt_number(max(ev.numbers)), n2=fmt_number(int(max(ev.numbers) * rng.uniform(0.5, 0.9))),
            unit=rng.choice(ev.topic["unit"]), pp=rng.choice(ev.topic["pp"]), dp=date_phrase(rng, ev, since=True), dp2=date_phrase(rng, ev),
            org=rng.choice(ORGS), cadj=c[1], money=money(rng), np=rng.choice(ev.topic["np"]),
            Country=cap(c[0]), B=d[0],
            pct=rng.randint(3, 78), year=ev.day.year - 1, place=ev.place, capital=c[2], hours=rng.randint(2, 14),
            weekday=WEEKDAYS[ev.day.weekday()],
        ).replace("'s", "’s")
        return Sentence(cap(s))
    # narrator statements and background
    c, d = rng.sample([ev.a, ev.b], 2)
    t = rng.choice([
        "Relations between {A} and {B} have been tense since the collapse of the Soviet Union.",
        "{NP} has been a source of friction between {capA} and {capB} for years.",
        "The {adj} government has faced growing criticism at home over {np}.",
        "Analysts say the {adj} government is unlikely to change course before {year}.",
        "The meeting in {capA} was the first of its kind since {year}.",
        "{Org} has called on both sides to show restraint.",
        "The two sides have held {k} rounds of talks on {np} without a breakthrough.",
        "The {adj} government did not respond to a request for comment.",
        "Diplomats in {capB} said privately that {np} was unlikely to be settled soon.",
        "The announcement came a day after officials from both countries met in {place}.",
        "Critics of the {adj} government say {np} has been neglected.",
        "The dispute has also affected {np2}, officials in {place} say.",
    ])
    np_ = rng.choice(ev.topic["np"])
    s = t.format(
        A=c[0], B=d[0], capA=c[2], capB=d[2], NP=cap(np_), np=np_, np2=rng.choice(FILLER_NP), adj=c[1],
        year=ev.day.year - rng.randint(0, 25), Org=cap(rng.choice(ORGS)), k=rng.randint(3, 12), place=ev.place,
    )
    return Sentence(cap(s))


# Carriers for loaded terms, by lexicon category. {T} is the term.
CARRIERS = {
    "label": [  # one-word labels (regime, junta, separatists ...)
        "Officials in {capital} blamed the {T} for the latest delay.",
        "Nothing has been heard from the {T} on {np}.",
        "Envoys said talks with the {T} in {capital} were going nowhere.",
    ],
    "distancing1": [  # one-word distancing adjectives (so-called, self-proclaimed, alleged ...)
        "The {T} {target} have yet to explain who funds them.",
        "Questions remain about the {T} {target} and their role in {np}.",
    ],
    "hedge1": [  # one-word hedging adverbs
        "{Person} {T} met the envoys in {place} {dp}.",
        "The convoy was {T} stopped near {place}.",
    ],
    "toponym": [
        "Residents of {T} said the shortages had grown worse.",
        "Officials in {T} said the road remained closed.",
        "The delegation travelled to {T} on {weekday}.",
    ],
    "hedge_to": ["The convoy is {T} have been stopped near {place}."],
    "hedge_phrase": ["{Tcap}, the convoy was stopped near {place}."],
    "adjective": [  # participles and -backed compounds (illegally occupied, liberated, kremlin-backed)
        "Officials in {capital} described the villages as {T}.",
        "Much of the area remains {T}, the report said.",
    ],
    "intensifier": [
        "Residents described a {T} campaign against them.",
        "Aid workers spoke of {T} conditions in {place}.",
    ],
    "other": [
        "Much of the coverage in {capital} focused on {T}.",
        "The debate over {T} is likely to continue for months.",
        "For many in {place}, the talks are about {T}.",
        "Observers link the latest tensions to {T}.",
    ],
}
DISTANCING_TARGETS = ["activists", "authorities", "peace plan", "referendum", "experts", "observers", "government"]
# Clauses a partisan copy desk inserts into a wire sentence (before its final period).
INSERTS = {
    "azerbaijan": [", due to the occupation of Azerbaijani lands by Armenia", ", which Azerbaijan liberated in 2020",
                   ", on the liberated territories"],
    "armenia": [", as the blockade of Artsakh enters another week", ", amid continuing Azerbaijani aggression",
                ", which Armenians call Artsakh"],
    "russia": [", which the collective West has tried to exploit", ", according to the Kiev regime’s own figures"],
    "west": [", amid Russia’s war of aggression", ", as the so-called peacekeepers looked on"],
    "general": [", a move the so-called mediators welcomed", ", critics of the regime say",
                ", according to unconfirmed reports"],
}


PROPER = {w.lower() for c in COUNTRIES for w in c[:3]} | {
    "artsakh", "karabakh", "aliyev", "kremlin", "putin", "kiev", "crimean", "crimea", "donbas", "donbass", "nagorno",
    "nagorno-karabakh", "azerbaijani", "armenian", "russian", "ukrainian", "soviet", "western", "nato", "zelensky",
    "lachin", "stepanakert", "khankendi", "shusha", "shushi", "nakhchivan", "zangezur", "syunik", "novorossiya",
    "europe", "european", "turkish", "khojaly", "nkr", "un", "us", "pashinyan",
}


def titled(term: Term) -> str:
    """The term as written in running text: words the lexicon's own note
    capitalises mid-sentence (Artsakh, Kiev, Armenian) are capitalised."""
    if term.category == "toponym":
        return " ".join(w[:1].upper() + w[1:] for w in term.term.split(" "))
    words = []
    for w in term.term.split(" "):
        upper = lower = 0
        for m in re.finditer(r"(?i)(?<![\w-])" + re.escape(w) + r"(?![\w])", term.note):
            before = term.note[: m.start()].rstrip()
            if not before or before[-1] in ".!?\"'(":
                continue
            if m.group(0)[0].isupper():
                upper += 1
            else:
                lower += 1
        proper = w.split("'")[0].split("’")[0] in PROPER
        words.append(w[:1].upper() + w[1:] if upper > lower or proper else w)
    return " ".join(words)


def loaded_sentence(rng: random.Random, ev: Event, term: Term) -> Sentence:
    one_word = " " not in term.term
    if term.category == "distancing" and one_word:
        key = "distancing1"
    elif term.category == "hedge" and one_word and term.term.endswith("ly"):
        key = "hedge1"
    elif term.category == "hedge" and term.term.endswith(" to"):
        key = "hedge_to"
    elif term.category == "hedge":
        key = "hedge_phrase"
    elif term.category == "toponym" or (term.category in ("label", "intensifier") and one_word):
        key = term.category
    elif re.search(r"(ed|-backed|-led|-occupied)$", term.term):
        key = "adjective"
    else:
        key = "other"
    c = rng.choice([ev.a, ev.b])
    s = rng.choice(CARRIERS[key]).format(
        T=titled(term), Tcap=cap(titled(term)), weekday=rng.choice(WEEKDAYS), capital=c[2], np=rng.choice(ev.topic["np"]), place=ev.place,
        target=rng.choice(DISTANCING_TARGETS), Person=rng.choice(ev.people).last, dp=date_phrase(rng, ev),
    )
    return Sentence(cap(s))


# Loaded words quoted speakers use whatever the outlet (the speaker's voice).
QUOTED_LOADED = ["occupation", "aggression", "a blockade", "ethnic cleansing", "terrorism", "a provocation"]

QUOTE_SPLIT = re.compile(r"(“[^”]*”)")


def narrator_sub(text: str, fn) -> str:
    """Applies fn to the parts of text outside “…” quotations."""
    parts = QUOTE_SPLIT.split(text)
    return "".join(p if p.startswith("“") else fn(p) for p in parts)


class Voice:
    """An outlet's way of writing: which loaded terms, how often."""

    def __init__(self, outlet: Outlet, terms: list[Term], cues: dict[str, list[str]]):
        self.o = outlet
        if outlet.lean == "neutral":
            pool = [t for t in terms if not t.side]
        elif outlet.lean == "general":
            pool = [t for t in terms if not t.side]
        else:
            pool = [t for t in terms if t.side == outlet.lean] + [t for t in terms if not t.side][::3]
        self.pool = pool or terms
        # stance verbs that read well before "that" and after a quotation
        unfit = {"accused", "criticised", "criticized", "slammed", "blasted", "demanded", "urged", "purported"}
        self.stance_verbs = [v for st in ("distancing", "emphasis", "concession") for v in cues.get(st, []) if v not in unfit]
        self.inserts = INSERTS.get(outlet.lean, INSERTS["general"])

    def term(self, rng: random.Random) -> Term:
        return self.pool[rng.randrange(len(self.pool))]

    def verb(self, rng: random.Random, s: Sentence, scale: float = 1.0) -> str:
        if s.verb in ("said", "noted", "stated", "added") and rng.random() < self.o.stance_rate * scale:
            return rng.choice(self.stance_verbs)
        return s.verb

    def regime(self, rng: random.Random, text: str) -> str:
        if self.o.regime <= 0:
            return text
        return narrator_sub(
            text, lambda p: re.sub(r"\bgovernment\b", lambda m: "regime" if rng.random() < self.o.regime else m.group(0), p)
        )


def paragraphs(rng: random.Random, sents: list) -> list[list]:
    out, i = [], 0
    while i < len(sents):
        k = 1 if sents[i].kind == "direct" else rng.choice([1, 2, 2, 3])
        out.append(sents[i:i + k])
        i += k
    return out


def wire_story(rng: random.Random, ev: Event) -> list[list]:
    """The base story of a wire event: 20-30 neutral sentences in paragraphs."""
    mentioned: set = set()
    n = rng.randint(20, 30)
    lead = Sentence(
        cap(f"{ev.people[0].full} {{VERB}} {date_phrase(rng, ev)} that {fill(rng.choice(CLAUSES), rng, ev)}."),
        "said", "indirect",
    )
    mentioned.add(ev.people[0].last)
    sents = [lead] + [sentence(rng, ev, mentioned) for _ in range(n - 1)]
    return paragraphs(rng, sents)


def own_article(rng: random.Random, ev: Event, voice: Voice, n_min: int, n_max: int) -> list[list]:
    """An article in the outlet's own words on the event."""
    mentioned: set = set()
    n = rng.randint(n_min, n_max)
    sents = []
    for _ in range(n):
        if rng.random() < voice.o.loaded_rate:
            sents.append(loaded_sentence(rng, ev, voice.term(rng)))
        else:
            s = sentence(rng, ev, mentioned)
            if s.kind == "direct" and rng.random() < 0.05:
                # a quoted speaker using a loaded term (the speaker's voice, not the outlet's)
                t = voice.term(rng).term if rng.random() < 0.5 else rng.choice(QUOTED_LOADED)
                s = Sentence(f"“What we see here is {t},” {speaker(rng, ev, mentioned)} {{VERB}}.", "said", "direct")
            s.verb = voice.verb(rng, s)
            sents.append(s)
    return paragraphs(rng, sents)


def wire_copy(rng: random.Random, ev: Event, voice: Voice, terms: list[Term]) -> list[list]:
    """The outlet's copy of the event's wire story, with a copy desk's small edits."""
    e = voice.o.edit_rate
    paras = [[Sentence(s.text, s.verb, s.kind) for s in p] for p in ev.base]
    flat = [s for p in paras for s in p]
    # a changed reporting verb (said -> claimed/insisted/...)
    for s in flat:
        if s.verb:
            s.verb = voice.verb(rng, s, 0.3)
    # an inserted clause (partisan outlets more often)
    if rng.random() < 0.6 * e:
        narr = [s for s in flat[1:] if s.kind == "narrator" and s.text.endswith(".")]
        if narr:
            s = rng.choice(narr)
            s.text = s.text[:-1] + rng.choice(voice.inserts) + "."
    # a distancing word before a noun
    if rng.random() < 0.3 * e:
        cands = [s for s in flat if s.kind != "direct" and re.search(r"\bthe (activists|authorities|mediators|observers)\b", s.text)]
        if cands:
            s = rng.choice(cands)
            s.text = re.sub(r"\bthe (activists|authorities|mediators|observers)\b", r"the so-called \1", s.text, count=1)
    # a changed number (one of the event's figures, not a date or year)
    if rng.random() < 0.15 * e:
        big = sorted({fmt_number(x) for x in ev.numbers if x >= 100}, key=len, reverse=True)
        num_re = re.compile(r"(?<![\d,])(" + "|".join(re.escape(b) for b in big) + r")(?![\d,])") if big else None
        cands = [s for s in flat if num_re and num_re.search(s.text)]
        if cands:
            s = rng.choice(cands)
            def bump(m):
                v = int(m.group(0).replace(",", ""))
                return fmt_number(v + rng.choice([1, 2]) * 10 ** (len(str(v)) - 1))
            s.text = num_re.sub(bump, s.text, count=1)
    # one or two dropped sentences (never the lead)
    drops = sum(rng.random() < 0.5 * e for _ in range(2))
    for _ in range(drops):
        cands = [(i, j) for i, p in enumerate(paras) for j in range(len(p)) if (i, j) != (0, 0)]
        i, j = rng.choice(cands)
        del paras[i][j]
    paras = [p for p in paras if p]
    # two paragraphs swapped
    if rng.random() < 0.2 * e and len(paras) > 4:
        i = rng.randrange(1, len(paras) - 2)
        paras[i], paras[i + 1] = paras[i + 1], paras[i]
    # the background rewritten in the outlet's own voice
    if voice.o.lean != "neutral" and rng.random() < 0.5 * e:
        k = rng.randint(1, 3)
        paras = paras[:-k] if len(paras) > k + 3 else paras
        paras.append([loaded_sentence(rng, ev, voice.term(rng)) for _ in range(rng.randint(1, 3))])
    return paras


# ---------------------------------------------------------------------------

def render_article(rng, ev: Event, outlet: Outlet, voice: Voice, paras: list[list], title: str, day: date,
                   labelled: bool = True) -> str:
    lines = []
    for p in paras:
        lines.append(" ".join(voice.regime(rng, s.render()) for s in p))
    body = "\n".join(lines)
    event = f"event: {ev.slug}\n" if labelled else ""
    head = f"---\ntitle: {title}\noutlet: {outlet.name}\ndate: {day.isoformat()}\n{event}language: en\n---\n"
    return head + body + "\n"


SYLLABLES = ["ka", "lo", "mi", "ne", "su", "ta", "ri", "vo", "de", "pu", "ga", "zo", "be", "fi", "ha", "ju"]


def pseudo_word(i: int, slot: int) -> str:
    """An invented six-letter word, distinct for each (slot, i < 1280): framelens compares
    words by their first six letters, so the slot letter comes first."""
    n = len(SYLLABLES)
    return "xyzw"[slot] + SYLLABLES[i % n] + SYLLABLES[(i // n) % n] + "aeiou"[(i // (n * n)) % 5]


def near_duplicates(out: Path, outlets: list, count: int, seed: int, labelled: bool) -> dict:
    """The adversarial case for claim alignment: `count` sentences that share
    a frame of common words and differ in four rare ones (each from 400
    invented words), so that any two stay below the alignment threshold while
    every rare word is shared by dozens of sentences. 20 sentences per
    article, one event."""
    rng = random.Random(f"{seed}:near-duplicates")
    per_article, n, total = 20, 0, 0
    for a in range((count + per_article - 1) // per_article):
        o = outlets[a % len(outlets)]
        k = min(per_article, count - a * per_article)
        words = [[pseudo_word(rng.randrange(400), slot) for slot in range(4)] for _ in range(k)]
        body = "\n".join(
            f"Officials in the district said the {w[0]} shipment near {w[1]} was delayed by {w[2]} inspectors "
            f"on Tuesday because of {w[3]} paperwork."
            for w in words
        )
        event = "event: near-duplicates\n" if labelled else ""
        text = f"---\ntitle: Shipment report {a}\noutlet: {o.name}\ndate: 2024-01-01\n{event}language: en\n---\n{body}\n"
        data = text.encode("utf-8")
        (out / o.slug / f"{a:07d}.txt").write_bytes(data)
        total += len(data)
        n += 1
    return {"articles": n, "sentences": count, "bytes": total, "seed": seed}


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0], formatter_class=argparse.RawDescriptionHelpFormatter,
                                 epilog="Example: gen_corpus.py --articles 2000 --outlets 20 --events 50 --seed 7 --out /tmp/c")
    size = ap.add_mutually_exclusive_group(required="--near-duplicates" not in " ".join(argv or sys.argv))
    size.add_argument("--articles", type=int, help="number of articles")
    size.add_argument("--size-mb", type=float, help="generate articles until the .txt files total this many MB (10^6 bytes)")
    ap.add_argument("--outlets", type=int, default=10, help="number of outlets (default 10)")
    ap.add_argument("--events", type=int, default=20, help="number of events; articles are spread over them at random (default 20)")
    ap.add_argument("--seed", type=int, default=1, help="random seed (default 1)")
    ap.add_argument("--out", required=True, type=Path, help="corpus folder to write")
    ap.add_argument("--wire", action="store_true", help="every event is a wire story carried by all its articles (same as --wire-share 1)")
    ap.add_argument("--wire-share", type=float, default=0.0, help="share of events that are wire stories (default 0)")
    ap.add_argument("--sentences", default="12-40", help="sentences per own-words article, MIN-MAX (default 12-40; wire stories have 20-30)")
    ap.add_argument("--regime-outlet", type=int, default=None, metavar="I",
                    help="outlet index (0-based) that says 'regime' where the others say 'government'")
    ap.add_argument("--regime-rate", type=float, default=0.9, help="share of that outlet's narrator 'government' replaced (default 0.9)")
    ap.add_argument("--lexicon-dir", type=Path, default=HERE.parent / "lexicons", help="where the lexicon CSVs are (default ../lexicons)")
    ap.add_argument("--force", action="store_true", help="replace --out even without the generator's marker")
    ap.add_argument("--unlabelled", action="store_true",
                    help="leave the event out of the front matter (framelens then takes the corpus folder as the event, "
                         "or groups stories with --events auto)")
    ap.add_argument("--near-duplicates", type=int, default=0, metavar="N",
                    help="instead of news, write N near-identical sentences that no two of which align (the adversarial "
                         "case for claim alignment; --articles/--size-mb are then ignored)")
    ap.add_argument("--big-article-mb", type=float, default=0.0, metavar="M",
                    help="after the other articles, add one own-words article of about M MB (10^6 bytes), for "
                         "per-article memory checks; it has its own random stream, so the other articles are unchanged")
    args = ap.parse_args(argv)

    if args.outlets < 1 or args.events < 1:
        ap.error("--outlets and --events must be at least 1")
    if args.regime_outlet is not None and not 0 <= args.regime_outlet < args.outlets:
        ap.error("--regime-outlet must be an outlet index, 0 to --outlets - 1")
    n_min, n_max = (int(x) for x in args.sentences.split("-"))
    wire_share = 1.0 if args.wire else args.wire_share

    out: Path = args.out
    if out.exists():
        if not ((out / MARKER).exists() or not any(out.iterdir()) or args.force):
            sys.exit(f"gen_corpus: {out} exists and was not written by gen_corpus.py (use --force to replace it)")
        shutil.rmtree(out)
    out.mkdir(parents=True)

    terms = load_terms(args.lexicon_dir)
    cues = load_stance_cues(args.lexicon_dir)
    outlets = make_outlets(args.outlets, args.seed, args.regime_outlet, args.regime_rate)
    voices = [Voice(o, terms, cues) for o in outlets]
    for o in outlets:
        (out / o.slug).mkdir()
    if args.near_duplicates > 0:
        summary = near_duplicates(out, outlets, args.near_duplicates, args.seed, not args.unlabelled)
        meta = {"args": {k: (str(v) if isinstance(v, Path) else v) for k, v in vars(args).items()}, "summary": summary}
        (out / MARKER).write_text(json.dumps(meta, indent=1) + "\n", encoding="utf-8")
        print(json.dumps(summary))
        return 0
    events: dict[int, Event] = {}
    ev_rng = random.Random(f"{args.seed}:wire-events")
    is_wire = [ev_rng.random() < wire_share for _ in range(args.events)]

    total_bytes = total_words = n = largest = 0
    limit_bytes = args.size_mb * 1e6 if args.size_mb else None
    per_outlet = [0] * len(outlets)
    while (limit_bytes is None and n < args.articles) or (limit_bytes is not None and total_bytes < limit_bytes):
        rng = random.Random(f"{args.seed}:article:{n}")
        e = rng.randrange(args.events)
        if e not in events:
            events[e] = make_event(e, args.seed, is_wire[e])
        ev = events[e]
        o = outlets[rng.randrange(len(outlets))]
        voice = voices[o.index]
        if ev.wire:
            paras = wire_copy(rng, ev, voice, terms)
            title = ev.title if rng.random() < 0.6 else fill(rng.choice(ev.topic["head"]), rng, ev, capital_first=True)
        else:
            paras = own_article(rng, ev, voice, n_min, n_max)
            title = fill(rng.choice(ev.topic["head"]), rng, ev, capital_first=True)
        day = ev.day + timedelta(days=rng.choice([0, 0, 0, 1, 1, 2]))
        text = render_article(rng, ev, o, voice, paras, title, day, not args.unlabelled)
        data = text.encode("utf-8")
        (out / o.slug / f"{day.isoformat()}_{ev.slug}_{n:07d}.txt").write_bytes(data)
        total_bytes += len(data)
        total_words += len(text.split())
        largest = max(largest, len(data))
        per_outlet[o.index] += 1
        n += 1

    if args.big_article_mb > 0:
        # One very large article: own-words paragraphs on one event, until it
        # reaches the size. Its own stream, and written after the others, so
        # the rest of the corpus is byte for byte the corpus without it.
        rng = random.Random(f"{args.seed}:big-article")
        e = rng.randrange(args.events)
        if e not in events:
            events[e] = make_event(e, args.seed, is_wire[e])
        ev = events[e]
        o = outlets[rng.randrange(len(outlets))]
        voice = voices[o.index]
        paras, size, want = [], 0, args.big_article_mb * 1e6
        while size < want:
            chunk = own_article(rng, ev, voice, n_min, n_max)
            paras.extend(chunk)
            # an estimate while growing (the final size is measured below)
            size += sum(len(s.render()) + 1 for p in chunk for s in p)
        title = fill(rng.choice(ev.topic["head"]), rng, ev, capital_first=True)
        text = render_article(rng, ev, o, voice, paras, title, ev.day, not args.unlabelled)
        data = text.encode("utf-8")
        (out / o.slug / f"{ev.day.isoformat()}_{ev.slug}_big.txt").write_bytes(data)
        total_bytes += len(data)
        total_words += len(text.split())
        largest = max(largest, len(data))
        per_outlet[o.index] += 1
        n += 1

    summary = {
        "articles": n, "outlets": len(outlets), "events": len(events), "wire_events": sum(1 for v in events.values() if v.wire),
        "bytes": total_bytes, "words": total_words, "largest_article_bytes": largest, "seed": args.seed,
        "regime_outlet": outlets[args.regime_outlet].slug if args.regime_outlet is not None else None,
        "regime_outlet_name": outlets[args.regime_outlet].name if args.regime_outlet is not None else None,
        "outlet_leans": {o.slug: o.lean for o in outlets} if len(outlets) <= 50 else None,
    }
    wire = [v for _, v in sorted(events.items()) if v.wire][:20]
    if wire:  # sentences of the first wire stories, to check the claim alignment against
        summary["wire_story_sentences"] = {v.slug: sum(len(p) for p in v.base) for v in wire}
    meta = {"args": {k: (str(v) if isinstance(v, Path) else v) for k, v in vars(args).items()}, "summary": summary}
    (out / MARKER).write_text(json.dumps(meta, indent=1) + "\n", encoding="utf-8")
    print(json.dumps(summary))
    return 0


if __name__ == "__main__":
    sys.exit(main())
