import pytest

from stoa.detection.evaluate_personal_data import DEFAULT_PATH, evaluate, format_table
from stoa.detection.personal_data import find_personal_data
from stoa.detection.results import PERSONAL_DATA_TYPES, Finding


def found(text: str, kind: str) -> list[str]:
    """The matched texts of one kind, checking on the way that every span quotes the text exactly."""
    findings = find_personal_data(text)
    for finding in findings:
        assert text[finding.begin : finding.end] == finding.text
    return [finding.text for finding in findings if finding.type == kind]


@pytest.mark.parametrize(
    ("text", "number", "region"),
    [
        ("Ring me on +44 20 7946 0958 after six.", "+44 20 7946 0958", "GB"),
        ("Her mobile is 07700 900123, go on.", "07700 900123", ""),  # Ofcom's drama range: not allocated, still dialled
        ("Call (415) 555-0132 and ask for him.", "(415) 555-0132", "US"),
        ("Dublin office: 01 234 5678.", "01 234 5678", "IE"),
        ("Sie ist unter 030 12345678 erreichbar.", "030 12345678", ""),
        ("Or +49 30 901820 in Berlin.", "+49 30 901820", "DE"),
        ("Try +353 87 123 4567 instead.", "+353 87 123 4567", "IE"),
    ],
)
def test_phone_numbers_in_several_regions_formats(text, number, region):
    assert found(text, "phone_number") == [number]
    phone = next(f for f in find_personal_data(text) if f.type == "phone_number")
    assert not region or phone.extra["region"] == region


def test_a_number_readable_in_several_regions_is_found_once():
    assert found("Call +44 20 7946 0958 or 020 7946 0958", "phone_number") == ["+44 20 7946 0958", "020 7946 0958"]


def test_a_phone_number_after_a_wall_of_numbers_is_still_found():
    text = " ".join(str(year) for year in range(1800, 2000)) + " and call +44 20 7946 0958"
    assert found(text, "phone_number") == ["+44 20 7946 0958"]


def test_a_labelled_number_in_another_countrys_format_is_found():
    assert found("Phone:\n780 6326\nE-mail: none", "phone_number") == ["780 6326"]


@pytest.mark.parametrize(
    "text",
    [
        "In 2019 I paid £1500 for 3 bikes",
        "Version 2.3.1 released on 2024-01-15",
        "Order #123456789 shipped",
        "It cost $1,299.99 in 2021",
        "Population 67,330,000 in 2023",
        "He was born on 12/05/1987 at 3:45pm",
        "card 4992819677820891 lost",  # a payment card (Luhn-valid), not a phone
        "my IBAN is GB26YVOK09234647792923",
        "blocked address 172.61.42.192",
        "Here's my SSN: 054-28-6917",
        "the helpline is 1-800-273-8255",  # toll-free: an organisation's line
        "https://www.theguardian.com/australia-news/2017/oct/04/30000-guns",
    ],
)
def test_numbers_that_are_not_phone_numbers(text):
    assert found(text, "phone_number") == []


@pytest.mark.parametrize(
    ("text", "email"),
    [
        ("write to jane.doe@example.co.uk today", "jane.doe@example.co.uk"),
        ("Mail: j_smith+blog@mail.example.org.", "j_smith+blog@mail.example.org"),
        ("she is jane [at] example [dot] com", "jane [at] example [dot] com"),
        ("or jane(at)example.com", "jane(at)example.com"),
    ],
)
def test_email_addresses(text, email):
    assert found(text, "email_address") == [email]


def test_a_fediverse_address_is_a_profile_not_an_email():
    text = "follow @jane@mastodon.social"
    assert found(text, "email_address") == []
    assert found(text, "profile_link") == ["@jane@mastodon.social"]


def test_uk_address_with_its_postcode():
    text = "She lives at 14 Mill Lane, Ashworth AS1 2BD"
    assert found(text, "street_address") == ["14 Mill Lane, Ashworth AS1 2BD"]
    assert found(text, "postcode") == ["AS1 2BD"]


def test_us_address_with_its_zip_code():
    text = "221 Maple Avenue, Springfield, IL 62704"
    assert found(text, "street_address") == [text]
    assert found(text, "postcode") == ["62704"]


@pytest.mark.parametrize(
    ("text", "address"),
    [
        ("Flat 2, 9 Elm Road is hers", "Flat 2, 9 Elm Road"),
        ("he's at 27b Station Rd.", "27b Station Rd."),
        ("she lives at 14 mill lane", "14 mill lane"),
        ("at 14 Mill Close, Apt 3", "14 Mill Close, Apt 3"),
        ("1200 N. 5th Street", "1200 N. 5th Street"),
        ("Er wohnt in der Hauptstraße 12", "Hauptstraße 12"),
        ("12 rue de la Paix", "12 rue de la Paix"),
        ("Via Roma 131", "Via Roma 131"),
        ("PO Box 1234", "PO Box 1234"),
        ("He lives at Joaquin Suarez 2906.", "Joaquin Suarez 2906"),
    ],
)
def test_street_addresses(text, address):
    assert found(text, "street_address") == [address]


@pytest.mark.parametrize(
    ("text", "postcode"),
    [
        ("It's SW1A 1AB, the blue door", "SW1A 1AB"),
        ("Postcode: M1 1AE", "M1 1AE"),
        ("Ottawa K1A 0B1", "K1A 0B1"),
        ("Eircode D02 X285", "D02 X285"),
        ("my zip code is 94107", "94107"),
        ("ZIP: 75534-030", "75534-030"),
        ("Sydney NSW 2000", "2000"),
    ],
)
def test_postcodes(text, postcode):
    assert found(text, "postcode") == [postcode]


@pytest.mark.parametrize(
    "text",
    [
        "10 Downing Street",
        "The Prime Minister lives at 10 Downing Street, London SW1A 2AA.",
        "I ran 5 miles down the road",
        "We live 2 hours drive away, a 10 minute walk from the station",
        "The 5 Best Ways to Save Money",
        "Top 10 Places to visit",
        "my 2 cents: the 4 lane highway is bad",
        "he threw a 2 point conversion WAY out of the end zone",
        "2064 Supreme Court Confirmation Hearing",
        "I wrote it via email 2 times",
        "the M25 4PM traffic",
        "Smith et al. Nature 2019",
    ],
)
def test_prose_with_numbers_holds_no_address(text):
    assert found(text, "street_address") == [] and found(text, "postcode") == []


@pytest.mark.parametrize(
    ("text", "link"),
    [
        ("her insta https://www.instagram.com/jane.doe/", "https://www.instagram.com/jane.doe"),
        ("x.com/janedoe", "x.com/janedoe"),
        ("twitter.com/janedoe", "twitter.com/janedoe"),
        ("https://facebook.com/jane.doe.5", "https://facebook.com/jane.doe.5"),
        ("tiktok.com/@jane.doe", "tiktok.com/@jane.doe"),
        ("https://www.linkedin.com/in/jane-doe-1234/", "https://www.linkedin.com/in/jane-doe-1234"),
        ("youtube.com/@janedoe", "youtube.com/@janedoe"),
        ("reddit.com/u/janedoe", "reddit.com/u/janedoe"),
        ("reddit.com/user/janedoe", "reddit.com/user/janedoe"),
        ("github.com/janedoe", "github.com/janedoe"),
        ("https://mastodon.social/@jane", "https://mastodon.social/@jane"),
    ],
)
def test_profile_links(text, link):
    assert found(text, "profile_link") == [link]


@pytest.mark.parametrize(
    "text",
    [
        "@janedoe you're wrong",
        "https://x.com/janedoe/status/1234567890",
        "https://github.com/django/django",
        "https://www.youtube.com/watch?v=dQw4w9WgXcQ",
        "netflix.com/browse",
    ],
)
def test_a_handle_or_a_link_to_one_post_is_not_a_profile_link(text):
    assert found(text, "profile_link") == []


@pytest.mark.parametrize(
    ("text", "threat"),
    [
        ("we know where you live", "we know where you live"),
        ("someone should call social services on her", "call social services on her"),
        ("her kids play outside at 4pm on Elm Road", "her kids play outside at 4pm on Elm Road"),
        ("I know where she lives.", "I know where she lives"),
        ("I'm going to report her to social workers", "report her to social workers"),
        ("See you at your house.", "See you at your house"),
        ("we should visit her home", "visit her home"),
        ("let's turn up at his door", "turn up at his door"),
        ("Her children's school is Oakfield Primary", "Her children's school is Oakfield Primary"),
        ("W3 kn0w wh3re y0u l1ve", "W3 kn0w wh3re y0u l1ve"),
    ],
)
def test_home_and_family_threats(text, threat):
    assert found(text, "home_threat") == [threat]


def test_a_threat_written_in_look_alike_letters_is_quoted_from_the_original():
    text = "ＷＥ know where yоu live"  # fullwidth letters (NFKC changes nothing in length here) and a Cyrillic о
    assert found(text, "home_threat") == [text]


def test_a_threat_after_text_that_folding_lengthens_keeps_exact_offsets():
    text = "Straße ﬁne. we know where you live"  # "ß" folds to "ss" and "ﬁ" to "fi": the folded text is longer
    assert found(text, "home_threat") == ["we know where you live"]


@pytest.mark.parametrize(
    "text",
    [
        "I know where you're coming from",
        "where you live matters for house prices",
        "I don't know where she lives",
        "My kids play outside at 4pm on our road",
        "Don't call social services on her, talk to her",
        "I'd love to visit her home country",
    ],
)
def test_hard_negatives_hold_no_threat(text):
    assert find_personal_data(text) == []


def test_findings_are_sorted_typed_and_do_not_overlap_within_a_type():
    text = (
        "Her number is 07700 900123, email jane@example.com, insta instagram.com/jane.doe, she lives at "
        "14 Mill Lane, Ashworth AS1 2BD. We know where you live."
    )
    findings = find_personal_data(text)
    assert [f.begin for f in findings] == sorted(f.begin for f in findings)
    assert {f.type for f in findings} == set(PERSONAL_DATA_TYPES)
    for kind in PERSONAL_DATA_TYPES:
        spans = [(f.begin, f.end) for f in findings if f.type == kind]
        assert all(end <= begin for (_, end), (begin, _) in zip(spans, spans[1:], strict=False))


def test_regions_limit_which_local_formats_are_read():
    text = "Call 01 234 5678"  # an Irish local number
    assert found(text, "phone_number") == ["01 234 5678"]
    assert [f for f in find_personal_data(text, regions=("US",)) if f.type == "phone_number"] == []


def test_empty_and_plain_text_hold_nothing():
    assert find_personal_data("") == []
    assert find_personal_data("What a thoughtful post, thank you.") == []


def test_finding_serialises_to_the_contract():
    finding = find_personal_data("mail jane@example.com")[0]
    assert isinstance(finding, Finding)
    assert finding.to_dict() == {"type": "email_address", "begin": 5, "end": 21}


# Measured on the copied set with `python -m stoa.detection.evaluate_personal_data` (precision, recall); the floors
# sit 0.05 below. Postcode precision is low by the data set's convention: it labels a postcode inside a full address
# as part of the STREET_ADDRESS, so the strict count calls ours wrong there; its lenient precision is 1.000.
EVALUATION_FLOORS = {
    "phone_number": (0.977 - 0.05, 0.924 - 0.05),
    "email_address": (1.000 - 0.05, 1.000 - 0.05),
    "street_address": (1.000 - 0.05, 0.595 - 0.05),
    "postcode": (0.163 - 0.05, 0.568 - 0.05),
}


@pytest.fixture(scope="module")
def evaluation() -> dict:
    if not DEFAULT_PATH.exists():
        pytest.fail(f"the evaluation set is missing: {DEFAULT_PATH}")
    return evaluate(DEFAULT_PATH)


@pytest.mark.parametrize("kind", list(EVALUATION_FLOORS))
def test_presidio_evaluation_holds_its_floors(evaluation, kind):
    precision_floor, recall_floor = EVALUATION_FLOORS[kind]
    row = evaluation[kind]
    assert row["precision"] >= precision_floor and row["recall"] >= recall_floor, row
    assert row["support"] > 0


def test_postcode_lenient_precision(evaluation):
    assert evaluation["postcode"]["lenient_precision"] >= 0.95


def test_evaluation_table_has_a_row_per_type(evaluation):
    table = format_table(evaluation)
    assert table.splitlines()[0].split()[:2] == ["type", "precision"]
    assert {line.split()[0] for line in table.splitlines()[1:]} == set(EVALUATION_FLOORS)
