"""The patterns behind ``personal_data_address``: how addresses and postcodes are written, as regular expressions.

Kept apart from the finding logic so the word lists can be read (and argued with) in one place. Words that are
also ordinary English ("Way", "Close", "Court", "Park", "Via", "Place") only count as part of an address when
capitalised, written as ``(?-i:…)``; the unambiguous ones ("Road", "Street", "Lane", "rue") count in any case.
"""

from __future__ import annotations

import re


def _words(spaced: str) -> str:
    """An alternation of the space-separated words, regex-escaped, longest first so "rd" never cuts "road"."""
    return "|".join(re.escape(word) for word in sorted(spaced.split(), key=len, reverse=True))


def _capitalised(spaced: str) -> str:
    """The words only in Title Case: as a street word, "Close" is a street and "close" (or "CLOSE") is not."""
    forms = {word[0].upper() + word[1:] for word in spaced.split()}
    return "(?-i:" + "|".join(re.escape(form) for form in sorted(forms, key=len, reverse=True)) + ")"


_SPACE = r"[^\S\n]+"  # an address's words are on one line; its parts may spread over several
_STOP = _words(
    "the a an of on in at to from by for with and or but nor so my your his her their our its this that these those "
    "i you he she we they it is are was were be been am not no yes down up off over across along into onto per "
    "about around near past than then when where what which who x km mi m ft feet foot yard yards metre metres "
    "meter meters mile miles minute minutes min mins hour hours hr hrs day days week weeks month months year years "
    "yr yrs second seconds time times block blocks step steps lane lanes way ways bed beds bedroom bedrooms room "
    "rooms storey storeys story stories car cars door doors star stars kid kids child children people person men "
    "women guys dogs cats more less other others different separate busy quiet major wrong same next last first "
    "private public local percent lbs kg wide long"
)
_NAME_WORD = rf"(?:(?!(?:{_STOP})\b)[^\W\d_][\w'’-]*\.?|\d{{1,3}}(?:st|nd|rd|th))"
_NAME = rf"{_NAME_WORD}(?:{_SPACE}{_NAME_WORD}){{0,3}}"
_TITLE_WORD = rf"(?:(?!(?:{_STOP})\b)(?-i:[A-Z])[\w'’-]*\.?|\d{{1,3}}(?:st|nd|rd|th))"
_TITLE_NAME = rf"{_TITLE_WORD}(?:{_SPACE}{_TITLE_WORD}){{0,3}}"
_HOUSE_NUMBER = r"(?<![\w.,/£$€%-])\d{1,5}[a-z]?(?:[^\S\n]?[-–/][^\S\n]?\d{1,5}[a-z]?)?(?![\w%.,]\d)"
_UNIT_WORD = r"(?:flat|apartment|apt|unit|suite|ste|room|rm|fl)\.?"
_UNIT_BEFORE = rf"(?:{_UNIT_WORD}[^\S\n]*#?\d{{1,5}}[a-z]?[^\S\n]*[,/]?[^\S\n]*)?"
_STRONG_SUFFIX = _words(
    "road street avenue lane boulevard crescent terrace highway parkway gardens mews rd ave blvd hwy pkwy str str."
)
# The rest of the Royal Mail's and USPS's (Publication 28) street words, less those too common as English.
_WEAK_SUFFIX = _capitalised(
    "close way court ct place pl drive dr grove square sq hill row walk parade rise circle cir trail trl heights "
    "vale wynd green park view gate yard wharf quay plaza alley loop st ln cres tce terr gdns esplanade embankment "
    "avenues bend bluff brook brooks bypass causeway cliffs commons corner cove coves creek crossing crossroad "
    "crossroads dale estates expressway falls ferry fields forge forges freeway gateway glen grange hills hollow "
    "inlet isle junction knoll knolls lakes landing manor meadow meadows mill mills motorway orchard oval parks "
    "pass passage path pike pines plains point points prairie ranch rapids ridge ridges shoal shoals shore shores "
    "skyway spur stravenue summit terrace throughway trace turnpike underpass valley viaduct villas vista walks "
    "courts fort mall union"
)
_ANGLO = (  # "14 Mill Lane", "14 mill lane"; but "14 Mill Close", never "2 point conversion way"
    rf"\b{_UNIT_BEFORE}{_HOUSE_NUMBER},?{_SPACE}"
    rf"(?:{_NAME}{_SPACE}(?:{_STRONG_SUFFIX})|{_TITLE_NAME}{_SPACE}(?:{_WEAK_SUFFIX}))\b\.?"
)

_COMPOUND_SUFFIX = _words(
    "strasse straße straat gasse allee platz damm ufer weg graben laan gracht plein dreef singel vej vegur gatan "
    "gata gade vägen veien stien stræde stræti straeti katu tie kuja polku braut"
)
_ENGLISH_LOOKALIKES = _words("sweetie necktie brigade renegade")  # English words that end like a Nordic street
_COMPOUND = rf"(?<![\w-])(?!(?:{_ENGLISH_LOOKALIKES})\b)[^\W\d_]{{3,}}(?:{_COMPOUND_SUFFIX})"
_NUMBER_AFTER = rf"{_SPACE}\d{{1,4}}[a-z]?(?:[^\S\n]?[-/][^\S\n]?\d{{1,4}}[a-z]?)?(?![\w%.,]\d)(?!\w)"
_TYPE_AFTER_NAME = _words("straße strasse str. út utca tér körút ulica")
_TYPE_BEFORE_NAME = (
    _words("rue calle avenida avda. rua travessa praça ul. ulica plac strada viale piazza carrer avinguda rruga")
    + "|"
    + _capitalised("via corso largo paseo")
)
_NUMBER_BEFORE_TYPE = _words("rue avenue boulevard chemin allée impasse quai viale piazza calle avenida") + (
    "|" + _capitalised("place route cours via bd")
)
_CONNECTOR = _words("de du des la le les l' d' di del della dei degli da do dos das von van der den y e")
_FOREIGN_NAME = (
    rf"(?:(?:{_CONNECTOR}){_SPACE})*{_NAME_WORD}(?:{_SPACE}(?:(?:{_CONNECTOR}){_SPACE})*{_NAME_WORD}){{0,3}}"
)
_CONTINENTAL_AFTER = (  # the lookahead first: a street word and a number must follow, before the costly parts
    rf"(?<![\w-])(?=[^\W\d_][^\n]{{0,80}}?[^\S\n]\d)"
    rf"(?:{_COMPOUND}|(?=[^\W\d_][\w'’.-]*{_SPACE}(?:{_TYPE_AFTER_NAME})){_NAME_WORD}{_SPACE}(?:{_TYPE_AFTER_NAME})"
    rf"|(?:{_TYPE_BEFORE_NAME}){_SPACE}{_FOREIGN_NAME}),?{_NUMBER_AFTER}"
)
_CONTINENTAL_BEFORE = rf"\b{_HOUSE_NUMBER},?{_SPACE}(?:{_NUMBER_BEFORE_TYPE}){_SPACE}{_FOREIGN_NAME}"
_INTERSECTION = (
    rf"\bcorner{_SPACE}of{_SPACE}(?:{_HOUSE_NUMBER}{_SPACE})?"
    rf"(?:{_NAME}{_SPACE}(?:{_STRONG_SUFFIX})|{_TITLE_NAME}{_SPACE}(?:{_WEAK_SUFFIX}))\b\.?"
    rf"{_SPACE}and{_SPACE}(?-i:[A-Z][\w'’-]*)(?:{_SPACE}(?-i:[A-Z][\w'’.-]*)){{0,3}}"
)
_BOX = r"\b(?:p\.?[^\S\n]?o\.?[^\S\n]?box|post[^\S\n]office[^\S\n]box)[^\S\n]*\d{1,6}\b"
_MILITARY = (
    r"\b(?:(?:psc|cmr|unit)[^\S\n]+\d{3,5},?[^\S\n]+box[^\S\n]+\d{1,5}(?:\s*(?:apo|fpo|dpo)[^\S\n]+a[aep][^\S\n]+\d{5})?"
    r"|(?:apo|fpo|dpo)[^\S\n]+a[aep][^\S\n]+\d{5})\b"
)

STREET_PATTERNS: tuple[tuple[str, re.Pattern[str]], ...] = tuple(
    (kind, re.compile(pattern, re.IGNORECASE))
    for kind, pattern in (
        ("house number and street", _ANGLO),
        ("street and house number", _CONTINENTAL_AFTER),
        ("house number and street", _CONTINENTAL_BEFORE),
        ("street corner", _INTERSECTION),
        ("PO box", _BOX),
        ("military box", _MILITARY),
    )
)
TRAILING_UNIT = re.compile(
    r"(?:[^\S\n]*,?\s*(?:>[^\S\n]*)*(?:apartment|apt|suite|ste|unit|flat|fl|room|rm|#)\.?[^\S\n]*#?\d{1,5}[a-z]?\b)+",
    re.IGNORECASE,
)

CUED_STREET = re.compile(  # "lives at Joaquin Suarez 2906": a street of any language, named as where someone lives
    rf"\b(?:(?:lives?|living|staying|resides?){_SPACE}(?:at|on)|address(?:{_SPACE}is)?[^\S\n]*:?)[^\S\n]*"
    rf"(?P<street>(?:\d{{1,5}}[a-z]?{_SPACE})?(?P<name>[^\W\d_][\w'’.-]*(?:{_SPACE}[^\W\d_][\w'’.-]*){{0,2}})"
    rf"{_SPACE}(?P<number>\d{{1,4}}[a-z]?))(?![\w%.,]\d)(?!\w)",
    re.IGNORECASE,
)
COURTS = re.compile(  # a number before a court of law or a sports court is a year or a score, not a house
    r"\b(?:supreme|high|crown|county|family|district|federal|circuit|appeals?|magistrates['’]?|juvenile|claims|royal"
    r"|food|tennis|basketball|squash|badminton|volleyball)\s+courts?\b",
    re.IGNORECASE,
)
LANDMARK_STREETS: frozenset[str] = frozenset(
    {
        "10 downing street",
        "10 downing st",
        "11 downing street",
        "1600 pennsylvania avenue",
        "1600 pennsylvania ave",
        "221b baker street",
        "221b baker st",
        "742 evergreen terrace",
        "4 privet drive",
        "12 grimmauld place",
        "350 fifth avenue",
        "350 5th avenue",
        "30 rockefeller plaza",
        "1600 amphitheatre parkway",
        "1 infinite loop",
    }
)
PUBLIC_POSTCODES: frozenset[str] = frozenset({"SW1A 2AA", "SW1A2AA", "SW1A 1AA", "SW1A1AA", "SW1A 0AA", "SW1A0AA"})

_CODE_END = r"(?![\w-])"
SHAPED_POSTCODES: tuple[tuple[str, re.Pattern[str]], ...] = (
    (
        "UK",
        re.compile(
            r"(?<![\w-])(?:GIR ?0AA|[A-PR-UWYZ][A-HK-Y]?\d[A-Z\d]? ?\d(?![AP]M\b)[ABD-HJLNP-UW-Z]{2})" + _CODE_END
        ),
    ),
    ("Canadian", re.compile(r"(?<![\w-])[ABCEGHJ-NPRSTVXY]\d[ABCEGHJ-NPRSTV-Z] \d[ABCEGHJ-NPRSTV-Z]\d" + _CODE_END)),
    (
        "Irish",
        re.compile(
            r"(?<![\w-])(?:[AC-FHKNPRTV-Y]\d{2}|D6W) (?=\d*[AC-FHKNPRTV-Y])(?=[A-Z]*\d)[\dAC-FHKNPRTV-Y]{4}" + _CODE_END
        ),
    ),
)
_US_STATES = (
    "AL AK AZ AR CA CO CT DE DC FL GA HI ID IL IN IA KS KY LA ME MD MA MI MN MS MO MT NE NV NH NJ NM NY NC ND OH OK "
    "OR PA RI SC SD TN TX UT VT VA WA WV WI WY PR GU VI AS MP AA AE AP"
)
_US_STATE_NAMES = (
    "alabama alaska arizona arkansas california colorado connecticut delaware florida georgia hawaii idaho "
    "illinois indiana iowa kansas kentucky louisiana maine maryland massachusetts michigan minnesota mississippi "
    "missouri montana nebraska nevada ohio oklahoma oregon pennsylvania tennessee texas utah vermont virginia "
    "washington wisconsin wyoming"
)
_AU_STATES = "NSW VIC QLD SA WA TAS NT ACT"
STATE_POSTCODE = re.compile(
    rf"(?<![\w-])(?:(?-i:{'|'.join(_US_STATES.split())})\.?|{_words(_US_STATE_NAMES)}|new{_SPACE}(?:hampshire|jersey"
    rf"|mexico|york)|(?:north|south|west){_SPACE}(?:carolina|dakota|virginia)|rhode{_SPACE}island),?[^\S\n]+"
    rf"(?P<code>\d{{5}}(?:-\d{{4}})?){_CODE_END}"
    rf"|(?<![\w-])(?-i:{'|'.join(_AU_STATES.split())}),?[^\S\n]+(?P<au>\d{{4}}){_CODE_END}",
    re.IGNORECASE,
)
_CODE = r"(?=[A-Z]*\d)(?:[A-Z\d]{2,4}[ -]?[A-Z\d]{3}|\d{3,6}(?:[ -]\d{2,4})?)"
CUED_POSTCODE = re.compile(
    rf"\b(?:zip{_SPACE}?codes?|zipcode|post{_SPACE}?code|postal{_SPACE}code|plz|pin{_SPACE}?code|eircode"
    rf"|code{_SPACE}postal)[^\S\n]*(?:is|was|:|#|=|-)?[^\S\n]*(?P<code>{_CODE}){_CODE_END}"
    rf"|\bzip[^\S\n]*:[^\S\n]*(?P<labelled>{_CODE}){_CODE_END}"
    rf"|\bzip[^\S\n]+(?P<zip>\d{{5}}(?:-\d{{4}})?){_CODE_END}",
    re.IGNORECASE,
)
_NUMERIC_CODE = (
    r"(?<![\w+().-])(?<!\d[ .-])(?:\d{5}(?:-\d{3,4})?|\d{4}(?:[^\S\n]?(?-i:[A-Z]{2})(?![A-Za-z]))?|\d{3}[^\S\n]\d{2}"
    r"|\d{2}-\d{3}|\d{6}|\d{3}[^\S\n]\d{3})(?![ .-]?\d)" + _CODE_END
)
AFTER_STREET_POSTCODE = re.compile(
    "|".join(
        f"(?P<{name}>{pattern.pattern})"
        for name, pattern in (("numeric", re.compile(_NUMERIC_CODE)), *SHAPED_POSTCODES)
    )
)
