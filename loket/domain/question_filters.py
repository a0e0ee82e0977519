"""What a visitor's question says about the vacancies they want: place, language, visa, level, remote.

Pure text rules in English and Dutch. `is_about_work` decides whether vacancy suggestions
belong with the answer at all.
"""
from __future__ import annotations

import functools
import re
import unicodedata
from dataclasses import dataclass
from pathlib import Path

import yaml

from .vacancies import OCCUPATIONS, Contract, Province, RemotePolicy, Seniority

# Places in the three provinces that visitors name; folded (no accents, lower case).
CITIES: dict[str, Province] = {
    **{c: Province.GRONINGEN for c in ("groningen", "hoogezand", "delfzijl", "veendam", "winschoten", "stadskanaal",
                                        "zuidhorn", "haren", "appingedam", "leek", "eemshaven")},
    **{c: Province.FRYSLAN for c in ("leeuwarden", "sneek", "drachten", "heerenveen", "harlingen", "franeker", "dokkum",
                                      "bolsward", "joure", "wolvega")},
    **{c: Province.DRENTHE for c in ("assen", "emmen", "hoogeveen", "meppel", "coevorden", "roden", "beilen")},
}
PROVINCE_WORDS = {
    "friesland": Province.FRYSLAN, "fryslan": Province.FRYSLAN, "frisian": Province.FRYSLAN, "friese": Province.FRYSLAN,
    "drenthe": Province.DRENTHE, "drents": Province.DRENTHE,
    "province of groningen": Province.GRONINGEN, "provincie groningen": Province.GRONINGEN,
}
_ENGLISH_ONLY = re.compile(
    r"\b(english[- ]only|only english|in english|english[- ]speaking|no dutch|without dutch|don'?t speak dutch|"
    r"do not speak dutch|dutch (is )?not (required|needed|necessary)|zonder nederlands|geen nederlands|"
    r"engelstalig\w*|alleen engels|in het engels|spreek\w* (nog )?geen nederlands|nederlands niet nodig|"
    r"engels (mag|kan|kunt|mogen) (spreken|praten|werken)|(mag|kan) engels (spreken|praten)|"
    r"(does|do)n'?t speak dutch( yet)?|no dutch yet|not (speak|know) dutch)\b"
)
_VISA = re.compile(r"\b(visa|visum|sponsor\w*|kennismigrant\w*|highly skilled migrant|work permit|werkvergunning|"
                   r"verblijfsvergunning|residence permit|blue card)\b")
_SENIORITY = {
    Seniority.JUNIOR: re.compile(r"\b(junior|starter|entry[- ]level|graduate|afgestudeerd\w*|beginnend\w*|traineeship)\b"),
    Seniority.MEDIOR: re.compile(r"\b(medior|mid[- ]level)\b"),
    Seniority.SENIOR: re.compile(r"\b(senior|experienced|ervaren)\b"),
    Seniority.LEAD: re.compile(r"\b(lead|team ?lead|teamleider|manager|leidinggevend\w*)\b"),
}
_CONTRACT = {
    Contract.FREELANCE: re.compile(r"\b(freelance\w*|zzp\w*|contractor|interim|self[- ]employed|als zelfstandige)\b"),
    Contract.INTERNSHIP: re.compile(r"\b(internships?|intern|stage|stages|stageplek\w*|afstudeerstage)\b"),
    Contract.TRAINEESHIP: re.compile(r"\b(traineeships?|trainee|traineeprogramma)\b"),
    Contract.PERMANENT: re.compile(r"\b(permanent (contract|job|position|role)|vast contract|vaste (baan|aanstelling)|contract voor onbepaalde tijd)\b"),
}
_REMOTE = {
    RemotePolicy.REMOTE: re.compile(r"\b(remote|fully remote|work from home|thuiswerk\w*|op afstand|vanuit huis)\b"),
    RemotePolicy.HYBRID: re.compile(r"\b(hybrid|hybride)\b"),
    RemotePolicy.ONSITE: re.compile(r"\b(on[- ]site|op locatie|op kantoor)\b"),
}
_WORK = re.compile(
    r"\b(jobs?|vacanc(y|ies)|\w*vacatures?|positions?|openings?|roles?|work(ing)?|werk(en)?|banen?|baantje|career|carriere|"
    r"hiring|employers?|werkgevers?|companies|bedrijven|salary|salaris|developers?|programmers?|engineers?|"
    r"ontwikkelaars?|programmeurs?|beheerders?|systeembeheer\w*|administrators?|analysts?|analisten?|"
    r"designers?|ontwerpers?|support|helpdesk|servicedesk|technici|technicus|monteurs?|installers?|"
    r"data|devops|cloud|security|netwerk\w*|network\w*|software|it|ict|tech|python|java|javascript|"
    r"typescript|php|linux|azure|aws|sql|react|kubernetes|actuar\w*|statistic\w*|statistici|sponsorship)\b"
)


def fold(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text.lower())
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


@dataclass(frozen=True)
class QuestionFilters:
    province: Province | None = None
    city: str | None = None
    english_only: bool = False
    visa_sponsorship: bool = False
    seniority: Seniority | None = None
    remote: RemotePolicy | None = None
    contract: Contract | None = None
    skills: tuple[str, ...] = ()  # skills named in the question that open vacancies ask for (folded)
    terms: tuple[str, ...] = ()  # what the work is: every suggestion must mention one (folded)
    provinces: tuple[Province, ...] = ()  # when the question names places in several ("Groningen or Drenthe")


# "I live in Heerenveen": where the visitor lives, not where the job must be — the province then.
_LIVES_IN = re.compile(r"\b(i live|living|i.?m based|based|woon|wonen|woont|ik zit)\s+(in|near|bij|vlakbij|in de buurt van)\s+$")


@dataclass(frozen=True)
class _Mention:
    start: int
    province: Province
    city: str | None  # None: the province itself, or a city named only as where the visitor lives


def _mentions(folded: str) -> list[_Mention]:
    """The places a question names, in order; where the visitor lives only when it names no other place."""
    found: list[tuple[_Mention, bool]] = []  # (mention, names where the visitor lives)
    for city, province in CITIES.items():
        match = re.search(rf"\b{city}\b", folded)
        if not match:
            continue
        if city == "groningen" and re.search(r"\bprovin\w* (of )?groningen\b", folded):
            found.append((_Mention(match.start(), Province.GRONINGEN, None), False))
        elif _LIVES_IN.search(folded[:match.start()]):
            found.append((_Mention(match.start(), province, None), True))
        else:
            found.append((_Mention(match.start(), province, city.title()), False))
    for word, province in PROVINCE_WORDS.items():
        match = re.search(rf"\b{word}\b", folded)
        if match:
            found.append((_Mention(match.start(), province, None), False))
    if not all(lives for _, lives in found):
        found = [(mention, lives) for mention, lives in found if not lives]
    return sorted((mention for mention, _ in found), key=lambda m: m.start)


def provinces_named(folded: str) -> tuple[Province, ...]:
    """Every province the question names a place in, in the order named."""
    return tuple(dict.fromkeys(m.province for m in _mentions(folded)))


def _find_place(folded: str) -> tuple[Province | None, str | None]:
    """The province and city a question names; none when it names places in two provinces ("Groningen or Drenthe")."""
    mentions = _mentions(folded)
    if len({m.province for m in mentions}) != 1:
        return None, None
    first = min(mentions, key=lambda m: (m.city is None, m.start))  # a city the job must be in, before a province
    return first.province, first.city


TERMS_FILE = Path(__file__).parent / "vacancy_terms.yaml"


@functools.cache
def _vacancy_terms() -> tuple[frozenset[str], dict[str, tuple[str, ...]]]:
    data = yaml.safe_load(TERMS_FILE.read_text(encoding="utf-8"))
    synonyms = {fold(k): tuple(fold(v) for v in values) for k, values in (data.get("synonyms") or {}).items()}
    return frozenset(fold(data["generic"] + " " + data["stopwords"]).split()), synonyms


def _synonyms_of(word: str, synonyms: dict[str, tuple[str, ...]]) -> tuple[str, ...]:
    """The synonyms of `word` or of its singular ("systeembeheerders", "testers", "ontwikkelaars")."""
    for form in (word, word[:-1] if word.endswith("s") else "", word[:-2] if word.endswith("en") else ""):
        if form and form in synonyms:
            return synonyms[form]
    return ()


def topic_terms(question: str) -> tuple[str, ...]:
    """What the work itself is, in the question's words and the words vacancies use for it.

    "python jobs in groningen without dutch" → ('python',); "sysadmin in Drenthe" → ('sysadmin',
    'system administrator', 'systeembeheer', …). Generic job words, places, filters and
    stopwords are left out (vacancy_terms.yaml).
    """
    generic, synonyms = _vacancy_terms()
    folded = fold(question)
    # What the filters read ("English-speaking", "werkvergunning", "fully remote") is not the work.
    for pattern in (_ENGLISH_ONLY, _VISA, *_SENIORITY.values(), *_CONTRACT.values(), *_REMOTE.values()):
        folded = pattern.sub(" ", folded)
    places = set(CITIES) | set(PROVINCE_WORDS) | {"groningen", "friesland", "fryslan", "drenthe", "leeuwarden"}
    terms: list[str] = []
    covered: set[str] = set()
    for phrase, extra in synonyms.items():
        if " " in phrase and re.search(rf"\b{re.escape(phrase)}\b", folded):
            terms.extend([phrase, *extra])
            covered.update(phrase.split())
    for word in re.findall(r"[\w#+.]+", folded):
        word = word.rstrip(".")  # ".net" keeps its dot
        if len(word) < 2 or word in generic or word in places or word in covered or word.isdigit():
            continue
        terms.append(word)
        terms.extend(_synonyms_of(word, synonyms))
    return tuple(dict.fromkeys(terms))


def skills_in(question: str, vocabulary: frozenset[str]) -> tuple[str, ...]:
    """The skills of `vocabulary` (folded, e.g. 'python', 'power bi', 'c#') that the question names."""
    folded = fold(question)
    found = [skill for skill in vocabulary if re.search(rf"(?<![\w#+]){re.escape(skill)}(?![\w#+])", folded)]
    # "sql" inside "sql server" is one skill: keep the longest.
    return tuple(sorted(s for s in found if not any(s != other and s in other for other in found)))


def filters_from_question(question: str, skills: frozenset[str] = frozenset()) -> QuestionFilters:
    """The vacancy filters a question implies, e.g. 'junior Python jobs in Leeuwarden without Dutch'.

    `skills` is the vocabulary of skills open vacancies ask for (folded); those named count.
    """
    folded = fold(question)
    province, city = _find_place(folded)
    provinces = provinces_named(folded) if province is None else ()
    seniority = next((level for level, pattern in _SENIORITY.items() if pattern.search(folded)), None)
    remote = next((policy for policy, pattern in _REMOTE.items() if pattern.search(folded)), None)
    contract = next((kind for kind, pattern in _CONTRACT.items() if pattern.search(folded)), None)
    return QuestionFilters(
        province=province,
        city=city,
        english_only=bool(_ENGLISH_ONLY.search(folded)),
        visa_sponsorship=bool(_VISA.search(folded)) and bool(_WORK.search(folded)),
        seniority=seniority,
        remote=remote,
        contract=contract,
        skills=skills_in(question, skills) if skills else (),
        terms=topic_terms(question),
        provinces=provinces if len(provinces) > 1 else (),
    )


_OCCUPATION_WORDS = {fold(word) for o in OCCUPATIONS.values() for label in (o.en, o.nl) for word in re.findall(r"\w{5,}", label)}


def is_about_work(question: str, skills: frozenset[str] = frozenset()) -> bool:
    """True when the question concerns jobs, an occupation, a skill or a place in the north."""
    folded = fold(question)
    if _WORK.search(folded):
        return True
    words = set(re.findall(r"[\w+#.]+", folded))
    if words & _OCCUPATION_WORDS or words & skills:
        return True
    province, _ = _find_place(folded)
    return province is not None


def asks_for_vacancies(question: str, filters: QuestionFilters) -> bool:
    """True for a short search rather than a question: 'sql developer freelance', 'systeembeheerder drenthe parttime'."""
    folded = fold(question)
    if re.match(r"\W*(what|how|why|when|where|who|can|could|do|does|is|are|should|must|will|would|wat|hoe|waarom|"
                r"wanneer|waar|wie|kan|kun|mag|moet|is|zijn|wordt)\b", folded):
        return False
    words = re.findall(r"[\w#+.]+", folded)
    names_work = bool(filters.skills) or bool(set(words) & _OCCUPATION_WORDS) or bool(_WORK.search(folded))
    return names_work and len(words) <= 14
