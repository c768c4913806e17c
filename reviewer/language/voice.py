"""The voice of a sentence: passives ("be" or "get" + past participle) and the reader addressed.

Participles are the regular "-ed" forms plus a list of irregular ones (given, taken, known, spread...).
A participle that works as an adjective or a state is not a passive: "is tired", "are located",
"is used to", "are worried about", "is vaccinated". Only what can be read from the words is used: no
tagger, so the lists below carry the judgement (and a hyphenated or "un-" word is always an adjective).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Sequence

_BE = frozenset("am is are was were be been being isn't aren't wasn't weren't".split())
_GET = frozenset("get gets got gotten getting".split())
AUXILIARIES = _BE | _GET
# Words that may stand between the auxiliary and the participle: "is not known", "are often spread".
_BETWEEN = frozenset("""not never also still often always usually sometimes already just only then now even
    all both mainly mostly generally commonly rarely seldom easily quickly widely typically normally
    probably possibly likely routinely best well further first""".split())

# Irregular past participles (different from the past tense, or not ending in -ed).
IRREGULAR = frozenset("""arisen awoken beaten become begun bent bet bidden bitten bled blown broken bred brought
    built burnt burned bought caught chosen clung come cost crept cut dealt done drawn dreamt drunk driven eaten
    fallen fed felt fought found fled flung flown forbidden forgotten forgiven frozen given gone ground grown hung
    heard hidden hit held hurt kept knelt known laid led leant leapt learnt left lent let lain lit lost made meant
    met mistaken misunderstood overcome overdone overtaken overthrown paid proven put quit read rid ridden rung
    risen run said seen sought sold sent set sewn shaken shed shone shot shown shrunk shut sung sunk sat slain slept
    slid slung spoken sped spent spilt spun spread sprung stood stolen stuck stung stricken struck strung sworn swept
    swollen swum swung taken taught torn told thought thrown understood undertaken upheld upset woken worn woven
    wept won wound withdrawn withheld written""".split())

# Participles that name a state or work as adjectives after "be": reported as neither passive nor active.
STATIVE = frozenset("""tired located situated interested worried concerned married divorced pleased scared
    frightened excited involved related based supposed born qualified experienced vaccinated unvaccinated
    infected immunocompromised disabled crowded detailed advanced limited complicated dedicated prepared
    equipped skilled depressed stressed confused bored embarrassed ashamed satisfied surprised amazed annoyed
    upset retired isolated aged done gone finished dressed lost closed exhausted overwhelmed determined
    convinced committed entitled obliged allowed permitted designed intended meant pregnant sized shaped
    colored coloured named called titled used accustomed acquainted aware inclined tied expected said thought
    believed known considered reported estimated presumed deemed alleged rumored rumoured set opened
    unknown unrelated uninsured insured registered licensed certified raised elevated
    incarcerated detained""".split())
# ... "known", "thought", "expected" and the like only before "to" ("is thought to be"), as raising verbs;
# elsewhere "it is not known" is a passive with an unknown agent: counted, never reported alone.
_STATIVE_BEFORE_TO = frozenset("used supposed expected said thought believed known considered reported estimated "
                               "presumed deemed alleged rumored rumoured meant intended designed allowed permitted "
                               "obliged inclined accustomed tied set required asked encouraged advised "
                               "recommended urged".split())
_ALWAYS_STATIVE = STATIVE - _STATIVE_BEFORE_TO

# -ed words that are not participles.
_NOT_PARTICIPLE = frozenset("""hundred red bed shed need seed feed speed bleed breed weed heed indeed embed sacred
    naked wicked rugged ragged beloved kindred wretched crooked jagged learned""".split())

_AGENT_STOP = frozenset("""who whom whose that which when where if because to for in on at with from after before
    during so as while until unless than into onto about through or and but nor""".split())
# "by" phrases that say how or when, not who: "by phone", "by then", "by the end of".
_NOT_AGENT = frozenset("""phone telephone mail email e-mail text post hand car bus train air plane boat foot
    then now far way law default chance mistake accident day night noon midnight""".split())
_ARTICLES = frozenset("the a an".split())
# "get" + participle that plain-language pages use on purpose: "get tested", "get vaccinated", "got hurt".
_GET_IDIOMS = frozenset("""used done lost married dressed tired worried involved started rid tested vaccinated
    immunized immunised checked screened treated infected hurt injured paid""".split())
_PARTICLES = frozenset("down up out off over back away together again also only".split())


@dataclass(frozen=True)
class Passive:
    """A passive in a list of words: indexes of the auxiliary and the participle, and the agent
    phrase's word indexes [agent_start, agent_end) when the sentence names who acts ("by your doctor")."""

    aux: int
    participle: int
    agent_start: int = -1
    agent_end: int = -1

    @property
    def has_agent(self) -> bool:
        return self.agent_start >= 0


def is_participle(word: str) -> bool:
    if word in IRREGULAR:
        return True
    if len(word) < 5 or not word.endswith("ed") or word in _NOT_PARTICIPLE or "-" in word:
        return False
    return not word.endswith("eed") or word in ("agreed", "freed", "guaranteed", "decreed", "refereed")


def find_passives(words: Sequence[str], gaps: Sequence[str] | None = None) -> list[Passive]:
    """The passives among `words` (lower-case word texts of one sentence). `gaps[i]` is the text between
    word i and word i + 1, used to stop an agent phrase at punctuation; None when unknown."""
    found: list[Passive] = []
    seen: set[int] = set()
    n = len(words)
    for i, word in enumerate(words):
        if word not in _BE and word not in _GET:
            continue
        j = i + 1
        while j < n and j - i <= 3 and (words[j] in _BETWEEN or (words[j].endswith("ly") and len(words[j]) > 4)
                                        or words[j] in ("been", "being")):
            if gaps is not None and any(c in gaps[j - 1] for c in ",;:()"):
                break
            j += 1
        if j >= n or j in seen:
            continue
        participle = words[j]
        if not is_participle(participle) or participle.startswith("un") and participle not in IRREGULAR:
            continue
        if gaps is not None and any(c in gaps[j - 1] for c in ",;:()\"“”"):
            continue
        following = words[j + 1] if j + 1 < n else ""
        if participle in _ALWAYS_STATIVE or (participle in _STATIVE_BEFORE_TO and following == "to"):
            continue
        if word in _GET and participle in _GET_IDIOMS:
            continue
        seen.add(j)
        found.append(Passive(i, j, *_agent(words, gaps, j)))
    return found


def _agent(words: Sequence[str], gaps: Sequence[str] | None, participle: int) -> tuple[int, int]:
    """[start, end) of the agent after `participle` ("by your doctor or nurse"), or (-1, -1)."""
    n = len(words)
    for k in range(participle + 1, min(n, participle + 4)):
        if gaps is not None and any(c in gaps[k - 1] for c in ".,;:()!?"):
            return -1, -1
        if words[k] != "by":
            if words[k] in _PARTICLES or words[k].endswith("ly"):
                continue  # "wiped down by", "checked regularly by"
            return -1, -1
        start = k + 1
        if start >= n or (gaps is not None and any(c in gaps[k] for c in ".,;:()!?")):
            return -1, -1
        first = words[start]
        if first.endswith("ing") or first in _NOT_AGENT or first in _AGENT_STOP or first.isdigit():
            return -1, -1
        if first in _ARTICLES and start + 1 < n and words[start + 1] in _NOT_AGENT | {"end", "time", "age"}:
            return -1, -1
        end = start
        while end < n and end - start < 6 and (end == start or words[end] not in _AGENT_STOP or
                                               (words[end] in ("or", "and") and end + 1 < n
                                                and words[end + 1] not in _AGENT_STOP)):
            end += 1
            if gaps is not None and end < n and any(c in gaps[end - 1] for c in ".,;:()!?\"“”"):
                break
        return start, end
    return -1, -1


def passive_sentence_share(sentences: Sequence[Sequence[str]]) -> tuple[int, int]:
    """(sentences with a passive, sentences) over word lists of sentences."""
    return sum(bool(find_passives(s)) for s in sentences), len(sentences)


# The reader addressed: "you" and its forms, and sentences that open with an instruction ("Take ...").
YOU = frozenset("you your yours yourself yourselves you're you've you'll you'd".split())
IMPERATIVES = frozenset("""ask avoid be book bring call carry check choose clean contact cover cut do don't drink
    eat find follow get give go have help keep learn let limit look make note plan prepare protect put read
    remember see seek shop sit speak start stay stop store take talk tell think throw try turn use visit wait
    wash watch wear write""".split())


def is_instruction_to_reader(words: Sequence[str]) -> bool:
    """A sentence that opens with a verb telling the reader what to do ("Take", "Do not", "Always wash")."""
    if not words:
        return False
    first = words[0]
    if first in ("always", "never", "please") and len(words) > 1:
        first = words[1]
    if first == "do" and len(words) > 1:
        return words[1] in ("not", "this", "these", "so") or words[1] in IMPERATIVES
    return first in IMPERATIVES and first not in ("be", "have", "let", "do")  # "Be" and "Have" open statements too


# Participles whose "by" phrase is a cause or a companion, not someone to put first: "is caused by a
# virus", "are spread by mosquitoes", "may be affected by". The passive keeps the topic first, as it should.
CAUSAL = frozenset("""caused spread transmitted carried affected impacted accompanied followed preceded
    characterized characterised marked surrounded covered occupied visited influenced triggered driven defined
    determined produced made linked associated explained worsened complicated exacerbated limited hampered
    replaced represented measured known""".split())
# Agents a writer can make the subject: people, their roles and organisations (and any acronym, CDC).
PERSON_WORDS = frozenset("""doctor doctors nurse nurses pharmacist pharmacists gp gps midwife midwives dentist
    dentists surgeon surgeons specialist specialists physician physicians clinician clinicians provider providers
    professional professionals team teams staff employee employees employer employers worker workers manager
    managers administrator administrators official officials authority authorities department departments agency
    agencies government school schools teacher teachers parent parents caregiver caregivers carer carers family
    families veterinarian veterinarians vet vets organizer organizers organiser organisers operator operators
    owner owners partner partners person people individual individuals client clients patient patients student
    students you someone somebody anyone anybody everyone everybody others member members volunteer volunteers
    director directors laboratory lab hospital hospitals clinic clinics practice pharmacy service services company
    companies manufacturer manufacturers insurer insurers council board committee police officer officers
    researchers scientists experts consultant consultants therapist therapists counsellor counselor
    counsellors counselors coach coaches leader leaders host hosts health""".split())


def actor_is_person(agent: Sequence[str], original: Sequence[str] = ()) -> bool:
    """Whether an agent phrase names someone who can be the subject: a person, a role, an organisation or an
    acronym (`original` are the words as written, to see capitals)."""
    return any(w in PERSON_WORDS for w in agent) or any(len(w) >= 2 and w.isupper() for w in original)
