"""The temporal tagger: a table of expressions from real cables (each row cites its cable; the
expected values were read off the text by hand), and properties that hold on any text."""

from __future__ import annotations

import csv
import re
import re._parser
import time
import subprocess
import sys
from collections import Counter
from datetime import date, datetime
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from cable_core.timex import tag, timex_command, value_span
from cable_core.timex import patterns as pat
from cable_core.timex.normalize import NORMALIZERS
from cable_core.timex.patterns import RULES

CASES_FILE = Path(__file__).parent / "data" / "timex_cases.csv"


def load_cases() -> list[dict[str, str]]:
    with CASES_FILE.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


CASES = load_cases()


def test_the_case_table_has_no_duplicate_rows():
    counts = Counter(tuple(row.values()) for row in CASES)
    assert [row for row, n in counts.items() if n > 1] == []


def test_every_case_cites_its_cable():
    assert all(row["cable"] and row["expression_context"] for row in CASES)


@pytest.mark.parametrize("case", CASES, ids=[f"{c['cable']}:{c['expected_text']}" for c in CASES])
def test_expression_from_a_real_cable(case):
    found = tag(case["expression_context"], datetime.fromisoformat(case["dct"]))
    by_text = {t.text: t for t in found}
    assert case["expected_text"] in by_text, [t.text for t in found]
    timex = by_text[case["expected_text"]]
    assert (timex.value, timex.mod) == (case["expected_value"], case["expected_mod"] or None)


@pytest.mark.parametrize(("text", "dct", "value", "mod"), [
    # the issue's own examples, resolved against the seed cable's date
    ("in December", date(2006, 10, 24), "2006-12", None),
    ("mid-2008", date(2006, 10, 24), "2008", "MID"),
    ("late last year", date(2006, 10, 24), "2005", "END"),
    ("the first quarter", date(2006, 10, 24), "2006-Q1", None),
    ("the second half of the year", date(2006, 10, 24), "2006-H2", None),
    ("yesterday", date(2006, 10, 24), "2006-10-23", None),
    ("last week", date(2006, 10, 24), "2006-W42", None),
    ("next month", date(2006, 10, 24), "2006-11", None),
    ("two weeks ago", date(2006, 10, 24), "2006-W41", None),
    ("this year", date(2006, 10, 24), "2006", None),
    ("FY2007", date(2006, 10, 24), "2007", None),
    ("the 1990s", date(2006, 10, 24), "199", None),
    ("24 October 2006", date(2006, 10, 24), "2006-10-24", None),
    ("Oct. 27", date(2006, 10, 24), "2006-10-27", None),
])
def test_issue_examples(text, dct, value, mod):
    (timex,) = tag(text, dct)
    assert (timex.value, timex.mod) == (value, mod)


@pytest.mark.parametrize(("text", "dct", "number"), [
    ("As of 1020 GMT, the aircraft had not arrived in Kigali.", date(2004, 8, 13), "1020"),  # 04KIGALI1163
    ("Summary: As of 1030 local (0430 EST) November 5, MFA officials described Arafat", date(2004, 11, 5), "1030"),  # 04PARIS8063
    ("EMBASSY KUWAIT REPORTS AS OF 1900 LOCAL TIME (1300 EDT) IT IS CALM", date(1990, 8, 7), "1900"),  # 90STATE259150
    ("By 1615, the number of protesters quickly swelled to around 4,000 - 5,000.", date(2004, 5, 22), "1615"),  # 04MANAMA756
    ("Currently, the contents of 1074 drums out of 1104 drums with HEU contaminated waste", date(2004, 7, 1), "1104"),  # 04PRETORIA2956
    ("They employ a total of 1300 workers.", date(2003, 7, 15), "1300"),  # 03GUATEMALA1814
    ("so few churches for the organization's 1.2 million believers, and that only 400 of 1400 pastors were registered.",
     date(2004, 2, 13), "1400"),  # 04HOCHIMINHCITY153
    ("carried out in 27 provinces with participation by 1800 companies", date(2003, 7, 31), "1800"),  # 03ISTANBUL1068
    ("devaluation of the official rate from 1600/dollar to 1920/dollar", date(2004, 3, 2), "1920"),  # 04CARACAS714
    ("Available supply nationwide is 1463 megawatts, for estimated peak demand of 1855 megawatts.",
     date(2003, 10, 30), "1855"),  # 03SANTODOMINGO6124
    ("THE RESIDENCE HAS A TOTAL OF 1400 SQUARE METERS (15,246 SQUARE FEET).", date(2001, 4, 26), "1400"),  # 01VATICAN2295
    ("to pull the 1300 Spanish troops out of Iraq", date(2004, 3, 20), "1300"),  # 04MADRID1187
    ("The PRT consisting initially of 1000 personnel", date(2005, 1, 1), "1000"),  # the issue's example
    ("As local (1030) the minister arrived", date(2005, 1, 1), "1030"),  # the issue's example
    ("in line with UNSCR 1973 and resolution 1929", date(2011, 4, 1), "1973"),  # code numbers past 1900
    ("the transboundary movement of a total of 1924 kg of liquid and solid latex", date(2004, 6, 8), "1924"),  # 04SANTODOMINGO3357
    ("(SUSAK'S ESTIMATE OF 1200 WOUNDED VS. KOSTOVIC'S 10)", date(1995, 6, 6), "1200"),  # 95ZAGREB2174
    # after "of", a number below 1900 that names no historic event is a resolution or a count
    ('IRAQ HAD VIOLATED BOTH "TESTS" SET FORTH IN OP 4 OF 1441--NAMELY THE OMISSION', date(2003, 2, 6), "1441"),  # 03USUNNEWYORK299
    ("IN RESPONSE TO THE PROVISIONS OF 1441, WHICH SHOULD ENHANCE", date(2003, 2, 6), "1441"),  # 03USUNNEWYORK299
    ("As co-sponsors of 1559, we shared a desire to promote Lebanon's sovereignty", date(2005, 1, 11), "1559"),  # 05PARIS208
    ("They list the Ottawa Business College with an address of 1825 Markham Road", date(2003, 6, 25), "1825"),  # 03MONTREAL819
    ("involved in the theft of 1600 Honduran passports in 2001.", date(2004, 7, 13), "1600"),  # 04TEGUCIGALPA1543
    # a number the text names as a resolution is the resolution wherever it stands
    ("COUNCIL CONSENSUS WILL NOT BE POSSIBLE IN LINE WITH RESOLUTION 1441.  ONE COUNTRY IN PARTICULAR HAS PUT FORWARD "
     "SUGGESTIONS THAT WOULD ROW BACK ON THE UNANIMOUS AGREEMENT OF THE COUNCIL IN 1441 - THOSE SUGGESTIONS",
     date(2003, 3, 17), "1441"),  # 03USUNNEWYORK718
])
def test_counts_clock_times_and_codes_are_not_years(text, dct, number):
    for dates_only in (False, True):  # the timeline tags dates only: no clock-time rule claims the number
        assert [t.text for t in tag(text, dct, dates_only=dates_only) if number in t.text and t.type == "DATE"] == []


def test_an_old_year_names_a_historic_event_but_not_a_committee():
    assert [t.value for t in tag("the 1878 Treaty of Berlin and the 1540 Committee", date(2004, 1, 1))] == ["1878"]


def test_an_old_year_stays_a_year_where_another_number_is_a_code():
    text = "Under UNSCR 1559, in 1860 and since the War of 1812"
    assert [t.value for t in tag(text, date(2005, 1, 11))] == ["1860", "1812"]


@pytest.mark.parametrize(("text", "dct", "value"), [
    ("The law will pass by year-end.", date(2005, 1, 4), "2005"),  # ahead, however far
    ("The year-end report has shown a loss.", date(2005, 1, 4), "2004"),  # just ended
    ("The year-end report showed a loss.", date(2005, 6, 4), "2004"),
    ("A year-end budget surplus of 0.3 percent.", date(2005, 6, 4), "2005"),  # a target
    ("A year-end budget surplus of 0.3 percent.", date(2005, 1, 4), "2004"),  # too soon for the next one
])
def test_tense_decides_which_year_end(text, dct, value):
    (timex,) = tag(text, dct)
    assert (timex.value, timex.mod) == (value, "END")


def test_tense_decides_the_year_of_a_month_half_a_year_away():
    past = tag("The elections were held in April.", date(2006, 10, 24))
    future = tag("The elections will be held in April.", date(2006, 10, 24))
    assert [t.value for t in past] == ["2006-04"] and [t.value for t in future] == ["2007-04"]


def test_every_rule_has_a_normaliser():
    assert [rule.name for rule in RULES if rule.name not in NORMALIZERS] == []


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet=st.characters(blacklist_categories=("Cs",)), max_size=300),
       st.dates(min_value=date(1900, 1, 1), max_value=date(2099, 12, 31)))
def test_offsets_index_the_input_on_any_text(text, dct):
    for timex in tag(text, dct):
        assert 0 <= timex.start < timex.end <= len(text)
        assert timex.text == text[timex.start:timex.end]


DATEISH = st.lists(st.sampled_from([
    "on", "in", "the", "early", "late", "mid-", "last", "next", "October", "OCT", "May", "4", "27th",
    "2007", "1990s", "'80s", "FY", "Q3", "quarter", "half", "of", "year", "week", "ago", "two", "-",
    "/", "10/23/2015", "240734Z", "Monday", "night", "noon", "5", "p.m.", ",", ".", "\n", "¶", "İ",
]), max_size=25).map(" ".join)


@settings(max_examples=300, deadline=None)
@given(DATEISH, st.dates(min_value=date(1966, 1, 1), max_value=date(2011, 12, 31)))
def test_no_exception_and_sound_values_on_date_like_word_salad(text, dct):
    for timex in tag(text, dct):
        assert timex.text == text[timex.start:timex.end]
        if timex.type in ("DATE", "TIME") and timex.value[:1].isdigit():
            assert value_span(timex.value, timex.mod) is not None, timex


# Tokens around the heads that the head contexts of `patterns` test, glued with and without spaces.
AROUND_HEADS = st.lists(st.sampled_from([
    "the", "of", "in", "within", "for", "a", "an", "per", "each", "once", "times", "two", "recent", "few", "past",
    "year", "years", "day", "week", "month", "decade", "-long", "-", "ago", "or so", "earlier", "ended", "end", "'s",
    "period", "term", "10", "23", "2006", "1990", "s", "'80s", "/", ".", ":", "30", "5", "p.m.", "hours", "GMT", "Z",
    "October", "Oct.", "4th", "3", "nineteen", "this", "last",
]), max_size=12).flatmap(lambda tokens: st.sampled_from([" ", ""]).map(lambda glue: glue.join(tokens)))


def assert_head_contexts_change_nothing(text: str) -> None:
    with_contexts = tag(text, date(1989, 11, 1))
    saved = pat.HEAD_CONTEXTS
    pat.HEAD_CONTEXTS = tuple(None for _ in saved)
    try:
        assert tag(text, date(1989, 11, 1)) == with_contexts
    finally:
        pat.HEAD_CONTEXTS = saved


@pytest.mark.parametrize("text", [
    # one expression of each rule that has a head context, each found only if its context fits
    "three times a day", "once a year", "within the year", "the past few weeks", "the coming months", "10/23/2015",
    "5 p.m.", "14:30", "1400 hours", "the 1990s", "the '80s", "two years ago", "a day-long meeting",
    "a three-year period", "October 2006", "24 October", "the 4th of July", "year-earlier", "year-end",
    "the year ended June 30",
])
def test_head_contexts_keep_the_expressions_of_their_rules(text):
    assert tag(text, date(1989, 11, 1)) != []
    assert_head_contexts_change_nothing(text)


@settings(max_examples=400, deadline=None)
@given(AROUND_HEADS)
def test_head_contexts_only_skip_rules_that_cannot_match(text):
    """A rule skipped at a head for its context would not have matched there: tagging is the
    same without the contexts."""
    assert_head_contexts_change_nothing(text)


@pytest.mark.parametrize(("text", "numbers"), [
    ("FY07 and Q3 in the '80s at 5 p.m. on 10/23/2015, 240734Z OCT 06", ["07", "3", "80", "5", "10", "23", "2015", "240734"]),
    ("12345 people, 3 cars, 123 houses and the 21st in 1990s", ["21", "1990"]),
])
def test_head_numbers_are_found_whole_and_only_where_a_rule_can_use_them(text, numbers):
    assert [m.group() for m in pat.HEAD_NUMBER.finditer(text.lower())] == numbers


def test_upper_case_text_is_tagged_like_mixed_case():
    mixed = tag("On October 23, the minister said a decision would come early in 2007.", date(2006, 10, 24))
    upper = tag("ON OCTOBER 23, THE MINISTER SAID A DECISION WOULD COME EARLY IN 2007.", date(2006, 10, 24))
    assert [(t.start, t.end, t.value, t.mod) for t in mixed] == [(t.start, t.end, t.value, t.mod) for t in upper]


def test_may_the_verb_is_not_a_month():
    assert tag("The GOK may decide later. THE GOK MAY DECIDE.", date(2006, 10, 24)) == []


def test_command_prints_json_lines(tmp_path, capsys):
    path = tmp_path / "cable.txt"
    path.write_text("Tokayev will depart on October 26.", encoding="utf-8")
    assert timex_command("2006-10-24T07:34", str(path)) == 0
    assert '"value": "2006-10-26"' in capsys.readouterr().out


def test_command_rejects_a_bad_dct_with_one_line(capsys):
    assert timex_command("24/10/2006", None) == 2
    error = capsys.readouterr().err
    assert error.count("\n") == 1 and "Traceback" not in error


def test_command_reads_stdin():
    code = "import sys; from cable_core.timex import timex_command; sys.exit(timex_command('2006-10-24', '-'))"
    result = subprocess.run([sys.executable, "-c", code], input="in December", capture_output=True, text=True,
                            cwd=Path(__file__).resolve().parent.parent)
    assert result.returncode == 0 and '"2006-12"' in result.stdout


@pytest.mark.parametrize(("token", "seconds"), [
    # tokens that start or continue expressions without heading one: about a second
    *((token, 1.5) for token in ["the", "-", "early", "10/", "1", "the end of", "a", "¶", "x" * 30, "mid-",
                                 "o/a", "last", "ago", "0", "99", "of the", "(1)", "12:"]),
    # heads, where rules are tried at every token: linear, a few tens of microseconds each
    *((token, 6.0) for token in ["May", "OCT", "weeks"]),
])
def test_a_long_line_of_one_repeated_token_is_tagged_in_linear_time(token, seconds):
    """No pattern backtracks catastrophically: 50,000 repetitions of a token are tagged within
    a bound (with room for a busy machine)."""
    text = " ".join([token] * 50_000)
    began = time.process_time()  # CPU time: a busy machine must not fail it
    tag(text, date(2006, 10, 24))
    assert time.process_time() - began < seconds


@pytest.mark.parametrize(("text", "dct", "expression", "value"), [
    # "a.m." and "U.S." do not end the sentence that gives the tense
    ("The service has given the relatives until 9 a.m. Tuesday to sign the paper.", date(2000, 4, 3),
     "9 a.m. Tuesday", "2000-04-04T09:00"),
    # "United" is not a past participle, "next to" is a place
    ("Gonzalez said he would be traveling to the United States Thursday with his wife.", date(2000, 4, 5),
     "Thursday", "2000-04-06"),
    ("A bomb ripped through a building next to the U.S. embassy in Nairobi Friday morning.", date(1998, 8, 8),
     "Friday morning", "1998-08-07TMO"),
    # "plans" is future only before an infinitive, "later" narrates as often as it foretells
    ("On Friday, when Albright set aside vacation plans, she flew to Nairobi.", date(1998, 8, 17),
     "Friday", "1998-08-14"),
    ("Three days later, as of Friday's close, the index was down 2%.", date(1989, 10, 30), "Friday", "1989-10-27"),
    ("The minister plans to visit Riyadh on Sunday.", date(2006, 10, 24), "Sunday", "2006-10-29"),
    # a present passive of planning looks ahead, where other participles are past
    ("Talks are planned for Thursday.", date(2006, 10, 24), "Thursday", "2006-10-26"),
    ("Talks were held Thursday.", date(2006, 10, 24), "Thursday", "2006-10-19"),
    # a verb of a schedule in the present tense looks ahead
    ("The second round of talks begins Monday in Geneva.", date(2006, 10, 24), "Monday", "2006-10-30"),
    ("The delegation arrives Friday.", date(2006, 10, 24), "Friday", "2006-10-27"),
    # after "until" the verb of the clause it ends decides; a possessive is no deadline
    ("Until Thursday, they had not called Kopp a suspect.", date(1999, 5, 7), "Thursday", "1999-05-06"),
    ("Nestle's share of 7% before Friday's purchases is far below.", date(1989, 10, 30), "Friday", "1989-10-27"),
])
def test_tense_cues_of_weekdays(text, dct, expression, value):
    assert (expression, value) in [(t.text, t.value) for t in tag(text, dct)]


@pytest.mark.parametrize(("text", "expression", "value", "mod"), [
    ("shipments will resume within two to three weeks.", "two to three weeks", "P2W", "EQUAL_OR_MORE"),
    ("acquisitions to be made during the next 12 to 18 months.", "the next 12 to 18 months", "P12M", "EQUAL_OR_MORE"),
    # "about" stays outside a duration (TempEval-3's annotators mostly left it out), "nearly" inside
    ("she spent about 5 1/2 hours in Nairobi.", "5 1/2 hours", "PT5H30M", None),
    ("the boy has lived with his great-uncle for nearly five months.", "nearly five months", "P5M", "APPROX"),
    # a unit before "-long", and the noun a span of time qualifies
    ("emerged from their third day-long meeting with federal officials", "day-long", "P1D", None),
    ("the government's decades-long ideological battle with Cuban exiles", "decades-long", "PXY", None),
    ("to overstate the earnings of Crazy Eddie over a three-year period.", "a three-year period", "P3Y", None),
    ("convertible at $2 a share during its one-year term.", "one-year term", "P1Y", None),
    ("the two day rally supporting General Abacha", "two day", "P2D", None),
    ("net income for the year ended Aug. 31 fell.", "the year", "P1Y", None),
    ("In the fiscal year ending June 30, sales rose.", "the fiscal year", "P1Y", None),
    # a plural unit after "the" is a span only when it lies ahead
    ("investors may sell in the weeks ahead.", "the weeks ahead", "PXW", None),
])
def test_durations(text, expression, value, mod):
    found = [(t.text, t.type, t.value, t.mod) for t in tag(text, date(1989, 10, 30))]
    assert (expression, "DURATION", value, mod) in found


@pytest.mark.parametrize(("text", "expression", "value", "kind"), [
    # after an adverb of frequency the unit is a rate, not a span (04TEGUCIGALPA819, 04TEGUCIGALPA55,
    # 01PRETORIA1599), where a count and a half is a span (04ADANA82, 04TAIPEI3347)
    ("two prosecutors who visit the FIU together twice a week.", "a week", "P1W", "SET"),
    ("HOLD SUCH REGIONAL FOOD AID MANAGEMENT CONFERENCES AT LEAST ONCE A YEAR IN THE FIELD.", "A YEAR", "P1Y", "SET"),
    ("INSTEAD OF THE CURRENT TWICE A YEAR PROGRAM.", "A YEAR", "P1Y", "SET"),
    ("AKP has been postponing the Kurdish problem for a year and a half.", "a year and a half", "P1.5Y", "DURATION"),
    ("and dispersed within half an hour, after a letter of protest was read out", "half an hour", "PT30M", "DURATION"),
])
def test_a_rate_after_an_adverb_of_frequency_and_a_count_and_a_half(text, expression, value, kind):
    assert [(t.text, t.value, t.type) for t in tag(text, date(2004, 6, 17))] == [(expression, value, kind)]


def test_a_range_of_two_full_years_is_two_years_but_a_reference_number_is_none():
    found = [t.text for t in tag("from 1998-2001 and 2002-2003, case 2004-123 and file 2004-1234", date(2004, 11, 18))]
    assert found == ["1998", "2001", "2002", "2003"]


@pytest.mark.parametrize(("text", "expression", "value"), [
    # after "by", "until", "through": the month ahead, whatever the tense of what came before
    ("It was part of KKR's program to pay down $5 billion of a $6 billion bridge loan by February.", "February", "1990-02"),
    ("A group of lenders has extended Control Data up to $90 million in revolving loans through January.", "January", "1990-01"),
    # unless the clause the month ends is past, or the month ahead is too far off
    ("Viera, who until March was counselor, resigned.", "March", "1989-03"),
    ("Sales followed little change in the fund's sales picture this year through August.", "August", "1989-08"),
])
def test_a_month_after_until_or_by_lies_ahead(text, expression, value):
    assert (expression, value) in [(t.text, t.value) for t in tag(text, date(1989, 10, 30))]


@pytest.mark.parametrize(("text", "expression", "value"), [
    # "payable" and "of record" date a dividend ahead, whatever the tense of the board's decision
    ("Directors declared a dividend of 5 cents, payable Jan. 15 to holders of record Dec. 29.", "Jan. 15",
     "1990-01-15"),
    ("The board approved a 2-for-1 split, payable Feb. 1 to shareholders of record Jan. 10.", "Feb. 1", "1990-02-01"),
    # a record that is no register marks no tense
    ("It posted record profits in July.", "July", "1989-07"),
])
def test_the_dates_of_a_dividend_lie_ahead(text, expression, value):
    assert (expression, value) in [(t.text, t.value) for t in tag(text, date(1989, 10, 27))]


def test_the_latest_months_are_a_duration_and_the_latest_year_the_last_one():
    found = [(t.text, t.value) for t in tag("EDS had 45% of its business in the latest nine months and C$7 billion "
                                            "of sales in the latest fiscal year.", date(1989, 10, 26))]
    assert found == [("the latest nine months", "P9M"), ("the latest fiscal year", "1988")]


def test_a_year_before_or_is_not_the_start_of_a_range():
    found = [(t.text, t.value) for t in tag("It may be profitable in 1995 or two years later.", date(1989, 10, 30))]
    assert ("1995", "1995") in found


@pytest.mark.parametrize(("text", "expression", "value"), [
    ("Net rose in the third quarter. Sales for this year's third quarter were $14 million.",
     "this year's third quarter", "1989-Q3"),
    ("Net rose in the third quarter. U.K. sales for last year's quarter were $3 million.", "last year's quarter", "1988-Q3"),
    ("Net rose in the third quarter. In the 1988 period, it had a gain.", "the 1988 period", "1988-Q3"),
    ("Sales rose in the 1988 period.", "the 1988 period", "1988"),
    ("In 1988's third quarter it lost money.", "1988's third quarter", "1988-Q3"),
    ("Profit in fiscal 1990's first quarter rose.", "fiscal 1990's first quarter", "1990-Q1"),
])
def test_quarters_named_by_their_year(text, expression, value):
    assert (expression, value) in [(t.text, t.value) for t in tag(text, date(1989, 11, 1))]


@pytest.mark.parametrize(("text", "expected"), [
    ("The talks failed in 2004. Later in the year they resumed.", [("2004", "2004", None), ("Later in the year", "2004", "END")]),
    ("The law should pass by the end of the year.", [("the end of the year", "2006", "END")]),
    ("For the week, the index dropped 3.8%.", [("the week", "2006-W43", None)]),
    # not the unit in focus: a financial year, a year named after it, the year before an event
    ("net income for the year ended June 30", [("the year", "P1Y", None), ("June 30", "2006-06-30", None)]),
    ("in the year 2000", [("2000", "2000", None)]),
    ("in the year before the war", []),
])
def test_the_year_after_of_in_for_is_the_year_in_focus(text, expected):
    assert [(t.text, t.value, t.mod) for t in tag(text, date(2006, 10, 24))] == expected


@pytest.mark.parametrize(("text", "value"), [
    # the quarter in focus is compared with the same quarter of the year before…
    ("America West's profit jumped in the third quarter, from $4 million a year earlier.", "1988-Q3"),
    # …but after a period of months that is no quarter, the comparison is with the year before
    ("Profit jumped in the third quarter. For the nine months, America West earned $18.9 million, compared "
     "with a loss of $9.7 million a year earlier.", "1988"),
    ("Profit jumped in the third quarter. Revenue was 45% of the total in the latest nine months, compared "
     "with 40% a year earlier.", "1988"),
    ("Profit jumped in the third quarter. For the three months ended Sept. 30, it earned $4 million, up "
     "from $3 million a year earlier.", "1988-Q3"),
])
def test_a_year_earlier_follows_the_period_in_focus(text, value):
    assert ("a year earlier", value) in [(t.text, t.value) for t in tag(text, date(1989, 10, 26))]


@pytest.mark.parametrize(("text", "expression", "value"), [
    # the quarter in focus, in the year named after it
    ("Net fell in the third quarter ended Sept. 30, from $1.8 million for the corresponding period last year.",
     "the corresponding period last year", "1988-Q3"),
    ("Profit rose in the third quarter from the same quarter last year.", "the same quarter last year", "1988-Q3"),
    # the year alone when the period in focus is no quarter
    ("Exports rose in the first seven months of 1989 compared with the same period of 1987.",
     "the same period of 1987", "1987"),
])
def test_the_same_period_of_another_year(text, expression, value):
    assert (expression, value) in [(t.text, t.value) for t in tag(text, date(1989, 11, 1))]


def test_the_same_period_without_its_year_names_no_date():
    assert tag("Salaries fell 40 percent during the same period.", date(2004, 7, 9)) == []


def test_the_year_ago_quarter_does_not_move_the_quarter_in_focus():
    text = ("It had a loss for the quarter ended Sept. 30. It earned $10.2 million in the year-ago quarter. "
            "The year-ago results have been restated.")
    found = [(t.text, t.value) for t in tag(text, date(1989, 11, 1))]
    assert ("the year-ago quarter", "1988-Q3") in found and ("year-ago", "1988-Q3") in found


@pytest.mark.parametrize(("text", "value"), [
    ("In the quarter ended July 31, Jayark had an average of 5.6 million shares outstanding.", "1989-Q2"),
    ("For the quarter ended Sept. 30, Delta posted net income of $133.1 million.", "1989-Q3"),
    ("Sales in the quarter ending Dec. 31 will rise.", "1989-Q4"),
])
def test_the_quarter_ended_on_a_day_is_the_calendar_quarter_that_holds_most_of_it(text, value):
    assert [t.value for t in tag(text, date(1989, 10, 30)) if t.text == "the quarter"] == [value]


def test_the_quarter_a_year_ago_is_one_expression():
    text = "Columbia had a loss for the third quarter. For the quarter a year ago, it reported earnings of $16.3 million."
    found = [(t.text, t.value) for t in tag(text, date(1989, 10, 26))]
    assert found == [("the third quarter", "1989-Q3"), ("the quarter a year ago", "1988-Q3")]


def test_quarter_to_quarter_is_not_a_quarter():
    assert tag("The quarter-to-quarter comparison was also enhanced.", date(1989, 11, 1)) == []


def test_a_year_without_determiner_before_period_stays_a_year():
    assert [(t.text, t.value) for t in tag("a 1988 period of growth", date(1989, 11, 1))] == [("1988", "1988")]


def test_dates_only_skips_the_span_of_a_financial_year():
    assert [t.text for t in tag("for the year ended March 31, 1989", date(1989, 10, 30), dates_only=True)] == ["March 31, 1989"]


def test_heads_at_the_start_of_the_text_and_in_lower_case():
    assert [t.text for t in tag("October 4 was the day", date(2006, 10, 24))] == ["October 4"]
    assert tag("we march on and may win", date(2006, 10, 24)) == []


def test_a_count_from_the_dct_or_of_years_is_a_comparison_that_keeps_the_focus():
    text = ("Production fell 8.4% from a year ago. The unit attributed the decline to higher costs "
            "compared with a year earlier.")
    assert [(t.text, t.value) for t in tag(text, date(1989, 10, 26))] == [("a year ago", "1988"), ("a year earlier", "1988")]


def test_a_count_of_days_later_moves_the_focus():
    text = "The talks opened on May 3. Two days later the delegates left, and the next day they met again."
    assert [(t.text, t.value) for t in tag(text, date(1994, 6, 1))] == [
        ("May 3", "1994-05-03"), ("Two days later", "1994-05-05"), ("the next day", "1994-05-06")]


def test_the_years_of_the_past_are_no_span_of_their_own():
    assert tag("Over the years, prices rose.", date(1989, 10, 30)) == []


@pytest.mark.parametrize(("text", "expression", "mod"), [
    ("The company wouldn't be profitable until 1994 or later.", "1994 or later", "ON_OR_AFTER"),
    ("It is confident about cash flow for 1990 and beyond.", "1990 and beyond", "ON_OR_AFTER"),
    ("The temple was built in 1850 or earlier.", "1850 or earlier", "ON_OR_BEFORE"),
])
def test_a_year_open_at_one_end_is_one_expression(text, expression, mod):
    assert [(t.text, t.mod) for t in tag(text, date(1989, 10, 30))] == [(expression, mod)]


@pytest.mark.parametrize(("text", "dct", "expected"), [
    # 04GUAYAQUIL1231, 04BRUSSELS2196: "the fall of" is a collapse, "this fall" the season
    ("The decision by the PSC to go forward will not cause the fall of the Gutierrez government overnight",
     date(2004, 10, 26), []),
    ("He will be heavily involved in the EP's consideration this fall of new Commission proposals",
     date(2004, 5, 24), [("this fall", "2004-FA")]),
])
def test_the_fall_of_something_is_no_season(text, dct, expected):
    assert [(t.text, t.value) for t in tag(text, dct)] == expected


def test_a_span_before_a_happening_is_no_date():
    # 95RIYADH5382: counted back from the flight, not from a date in focus
    text = "THREE WEEKS PRIOR TO THE FLIGHT, MINISTER OF INTERIOR PRINCE NAIF MET THEM."
    assert [(t.text, t.type, t.value) for t in tag(text, date(1995, 12, 11))] == [("THREE WEEKS", "DURATION", "P3W")]
    assert tag(text, date(1995, 12, 11), dates_only=True) == []


@pytest.mark.parametrize(("text", "dct", "expected"), [
    # 03RANGOON43: a unit joined by a hyphen to the next word is a compound, not a span of time
    ("protection on a day-to-day basis in Burma.", date(2003, 1, 10), []),
    # TimeBank wsj_1025: "a year-earlier loss" is the comparison year, not "a year"
    ("compared with a year-earlier net loss of $6.2 million", date(1989, 10, 26), [("year-earlier", "DATE", "1988")]),
])
def test_a_unit_in_a_hyphenated_compound_is_no_duration(text, dct, expected):
    assert [(t.text, t.type, t.value) for t in tag(text, dct)] == expected


def test_the_following_and_the_previous_weekday_count_from_the_day_in_focus():
    text = "The talks opened on Wednesday, May 4. The following Monday they resumed; the previous Friday had been calm."
    assert [(t.text, t.value) for t in tag(text, date(1994, 6, 1))] == [
        ("Wednesday, May 4", "1994-05-04"), ("The following Monday", "1994-05-09"), ("the previous Friday", "1994-05-06")]


def test_the_previous_weekday_without_a_day_in_focus_counts_from_the_dct():
    assert [(t.text, t.value) for t in tag("He called the previous Friday.", date(2004, 8, 11))] == [
        ("the previous Friday", "2004-08-06")]


def test_a_time_zone_is_written_in_capitals():
    # 03GUATEMALA1900, 04MANAGUA1791: "that" or "Rest" after a clock time is no zone ("EST" is)
    assert [t.text for t in tag("Portillo announced at 3:00 PM that he has ordered", date(2003, 7, 24))] == ["3:00 PM"]
    assert [t.text for t in tag("4:45 - 7:00 pm    Rest at hotel", date(2004, 7, 1))] == ["4:45", "7:00 pm"]
    assert [t.text for t in tag("It began at 5 p.m. EST.", date(2004, 6, 9))] == ["5 p.m. EST"]


def test_a_clock_time_has_at_most_one_space_before_am_or_pm():
    # 92ZAGREB954: a distribution list ("OIC-02   PM-01") holds no time
    assert tag("NEA-01   NSAE-00   OIC-02   PM-01    P-01 RP-10", date(1992, 6, 3)) == []


@pytest.mark.parametrize(("text", "dct", "expected"), [
    # 03ISTANBUL1015, 04MAPUTO547, 04HOCHIMINHCITY767: an ordinal before a noun counts it
    ("clearly recent progress on the 5th review and Turkey's traditional optimism", "2003-07-23", []),
    ("delivered points (ref A) on the 10th anniversary of the Rwanda genocide", "2004-04-08", []),
    ("SET UP SURVEILLANCE AT THE NIGHTCLUB ON THE 23RD FLOOR.", "2004-06-25", []),
    # 04RANGOON1563: the day of the month in focus, before a preposition
    ("the CRPP met on November 18th and again on the 29th to work on the draft.", "2004-12-10",
     [("November 18th", "2004-11-18"), ("the 29th", "2004-11-29")]),
])
def test_an_ordinal_alone_is_a_day_only_before_no_noun(text, dct, expected):
    assert [(t.text, t.value) for t in tag(text, date.fromisoformat(dct))] == expected


def test_some_before_a_month_or_year_is_no_hedge():
    # 90MADRAS1249: "some may" is the verb; 88STATE34351: "some 1973 debts" is a determiner
    assert tag('SOME MAY FEEL HE IS BURNING BRIDGES WITH DELHI.', date(1990, 3, 1)) == []
    assert [(t.text, t.mod) for t in tag("TO MAKE GOOD SOME 1973 URANIUM DEBTS", date(1988, 2, 4))] == [("1973", None)]


@pytest.mark.parametrize(("text", "dct", "expected"), [
    # 04MADRID1155, 92ZAGREB692, 95BERLIN2558: a zero-padded day opening a range, far from the DCT's year
    # or after a weekday stays a day
    ("to travel to Madrid May 05-15 to conduct workshops", "2004-04-06", [("May 05", "2004-05-05"), ("15", "2004-05-15")]),
    ("LATE YESTERDAY AFTERNOON (MAY 05) TO PRESENT", "1992-05-06", [("LATE YESTERDAY AFTERNOON", "1992-05-05TAF"),
                                                                ("MAY 05", "1992-05-05")]),
    ("Tuesday, January 06 the court met", "2004-01-08", [("Tuesday, January 06", "2004-01-06")]),
    # 04BRASILIA450: a table's columns, month and year
    ("End 2002  Sept 03    Dec 03", "2004-02-29", [("2002", "2002"), ("Sept 03", "2003-09"), ("Dec 03", "2003-12")]),
])
def test_a_zero_padded_number_after_a_month_is_its_year_near_the_dct(text, dct, expected):
    assert [(t.text, t.value) for t in tag(text, date.fromisoformat(dct))] == expected


@pytest.mark.parametrize(("text", "dct", "expected"), [
    # 02RANGOON1340, 04BOGOTA3894: a month that is also a word opens a range of months
    ('peak demand (March to July).', "2002-06-01", [("March", "2002-03"), ("July", "2002-07")]),
    ("in back-to-back congressional periods (periods are March-June", "2004-04-16", [("March", "2004-03"), ("June", "2004-06")]),
    # 00KINSHASA8421: the end of the range carries a year this does not read: no range
    ("ADMINISTRATIVE ADVISOR (MARCH - AUG.96).", "2000-12-19", []),
])
def test_both_months_of_a_range_of_months_are_tagged(text, dct, expected):
    assert [(t.text, t.value) for t in tag(text, date.fromisoformat(dct))] == expected


def test_a_year_after_a_slash_or_before_a_far_one_is_part_of_a_number():
    # 03SANAA2142, 98USUNNEWYORK1638: document codes; "decision 2004/35" names no span of years
    for text in ("set out in document GOV/2001/41;", "OF 14 MAY 1998 (S/PRST/1998/12)", "under decision 2004/35 of the"):
        assert [t.text for t in tag(text, date(2003, 8, 26)) if "/" in t.text or t.text.isdigit()] == []


def test_pre_lookahead_holds_the_first_letters_of_its_words() -> None:
    # PRE's lookahead (a speed-up: the engine tests one class before entering each alternative) is
    # written by hand: it must name exactly the letters PRE's words can start with.
    letters = re.search(r"\(\?=\[([a-z]+)\]\)\(\?P<pre>", pat.PRE).group(1)
    without = pat.PRE.replace(f"(?=[{letters}])", "")
    first, _ = pat._first_chars(re._parser.parse(without, re.I).data, True)
    assert first == frozenset(letters)
