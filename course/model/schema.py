"""The shape of a course: one set of pydantic models for validation and JSON Schema.

Trainers edit YAML by hand, so the models are strict: unknown keys (usually typos),
wrong types and empty strings are errors rather than silently ignored or coerced.
The same definitions produce the JSON Schema that editors use to autocomplete, so
the editor and the build can never disagree about what a valid file is.
"""

from __future__ import annotations

import json
from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Discriminator, Field, FiniteFloat, StringConstraints, Tag

#: An identifier used in URLs and cross-references: lower-case words joined by hyphens.
SLUG_PATTERN = r"^[a-z0-9]+(-[a-z0-9]+)*$"
#: Longest id: ids become file names and URL parts, and the final assessment prefixes them.
SLUG_MAX = 60
Slug = Annotated[
    str,
    StringConstraints(pattern=SLUG_PATTERN, max_length=SLUG_MAX),
    Field(description="Lower-case words joined by hyphens, e.g. `service-level`."),
]
#: No line breaks or control characters: a title with a line break ends its heading (and the
#: section's anchor) half-way, and control characters have no business on a page.
LINE_PATTERN = r"^[^\u0000-\u001f\u007f\u0085\u2028\u2029]*$"
#: A one-line piece of text such as a title or a term.
Line = Annotated[str, StringConstraints(min_length=1, max_length=200, strip_whitespace=True, pattern=LINE_PATTERN)]
#: A host name as in a URL, without scheme, port or path: `media.example.org`.
HostName = Annotated[
    str,
    StringConstraints(pattern=r"^[A-Za-z0-9]([A-Za-z0-9-]*[A-Za-z0-9])?(\.[A-Za-z0-9]([A-Za-z0-9-]*[A-Za-z0-9])?)*$"),
    Field(description="A host name without scheme, port or path, e.g. `media.example.org`."),
]
#: Free text, Markdown allowed.
Text = Annotated[str, StringConstraints(min_length=1, strip_whitespace=True)]


class Strict(BaseModel):
    """Base for every model: reject unknown keys and never coerce types."""

    model_config = ConfigDict(extra="forbid", strict=True, frozen=True)


#: The three places the customer shows up in every module.
Lens = Literal["customer", "employee", "organisation"]
LENSES: tuple[Lens, ...] = ("customer", "employee", "organisation")
LENS_TITLES: dict[str, str] = {"customer": "Customer", "employee": "Employee", "organisation": "Organisation"}


# --- trainer materials (course file and module files) -------------------------------

#: What a piece of trainer material is, which decides how it is laid out and printed.
MaterialKind = Literal["cards", "transcript", "handout", "brief", "worksheet"]


class Turn(Strict):
    """One line of a call or chat transcript."""

    speaker: Line = Field(description="Who speaks, e.g. `Agent`, `Caller`, `Customer (chat)`.")
    says: Text = Field(description="What they say, in Markdown.")


class MaterialItem(Strict):
    """One card, clip or brief in a set: printed on its own and cut out."""

    title: Line | None = Field(default=None, description="A heading for this item; items are numbered anyway.")
    text: Text | None = Field(default=None, description="What participants read on the item, in Markdown.")
    turns: list[Turn] = Field(default_factory=list, description="A short transcript, for clips.")
    key: Text | None = Field(
        default=None, description="Trainer's answer or reasoning for this item; printed apart, never on the item."
    )


class Material(Strict):
    """A handout, card set, transcript, brief or worksheet an activity needs: trainer edition only."""

    id: Slug = Field(description="Activities and plan steps list this id under `materials`.")
    title: Line
    kind: MaterialKind = Field(description="cards, transcript, handout, brief or worksheet.")
    prepare: Text | None = Field(default=None, description="For the trainer: copies, cutting, when to hand it out.")
    intro: Text | None = Field(default=None, description="Printed for participants at the top of the material.")
    body: Text | None = Field(
        default=None,
        description="The material itself in Markdown. A paragraph ending in `{ .course-write }` leaves room to write.",
    )
    items: list[MaterialItem] = Field(default_factory=list, description="Cards, clips or briefs, one per item.")
    turns: list[Turn] = Field(default_factory=list, description="One transcript, line by line.")
    key: Text | None = Field(default=None, description="Trainer's notes on the whole material; never handed out.")


# --- course file -------------------------------------------------------------------


class Lenses(Strict):
    """What each lens means for this course, shown on the home page and the map."""

    customer: Text
    employee: Text
    organisation: Text


class Session(Strict):
    """A module's slot on the agenda."""

    module: Slug = Field(description="The id of a module under modules/.")
    minutes: int = Field(gt=0, le=600, description="Length of the module's slot.")


class SessionStep(Strict):
    """One timed step of a workshop session, for the trainer."""

    step: Line = Field(description="What happens in this step.")
    minutes: int = Field(gt=0, le=600)
    note: Text | None = None


class WorkshopSession(Strict):
    """A session that is not a module: an opening, a morning recap, action planning."""

    session: Slug = Field(description="An id for this session, unique on the agenda, e.g. `opening`.")
    title: Line = Field(description="Shown on the home page agenda.")
    minutes: int = Field(gt=0, le=600, description="Length of the session.")
    plan: list[SessionStep] = Field(default_factory=list, description="Timed steps; they add up to `minutes`.")
    materials: list[Slug] = Field(default_factory=list, description="Ids of the course file's `materials` it uses.")
    notes: Text | None = Field(default=None, description="Trainer-only notes.")


#: Tag names that never collide with a YAML key, so error paths can skip them (see ``messages``).
AGENDA_TAGS = ("module-session", "workshop-session")


def _agenda_kind(value: Any) -> str | None:
    """A module slot names `module:`, a workshop session `session:`; anything else matches neither."""
    keys = value if isinstance(value, dict) else vars(value) if isinstance(value, BaseModel) else {}
    if "module" in keys:
        return "module-session"
    if "session" in keys:
        return "workshop-session"
    return None


#: One entry on a day's agenda: a module slot or a workshop session.
AgendaEntry = Annotated[
    Annotated[Session, Tag("module-session")] | Annotated[WorkshopSession, Tag("workshop-session")],
    Discriminator(_agenda_kind),
]


class Day(Strict):
    title: Line
    sessions: list[AgendaEntry] = Field(
        min_length=1, description="In order: `module:` slots and `session:` entries (opening, recap, close)."
    )


#: What makes the course "completed" for an LMS (see :class:`Lms`).
Completion = Literal["module-quizzes", "final-assessment", "all-quizzes"]


class Lms(Strict):
    """How a SCORM package of the course reports to the organisation's LMS."""

    completion: Completion = Field(
        default="module-quizzes",
        description=(
            "When the LMS records the course as completed: `module-quizzes` once every module quiz is "
            "answered in full, `final-assessment` once the final assessment is, `all-quizzes` once both are."
        ),
    )


class Course(Strict):
    """The course file: who the course is for, what it achieves, and the agenda."""

    title: Line = Field(description="The course title, shown on the home page.")
    subtitle: Line | None = Field(default=None, description="One line under the title.")
    audience: Text = Field(description="Who the course is for, in a sentence or two.")
    outcomes: list[Text] = Field(min_length=1, description="What learners will be able to do after the course.")
    lenses: Lenses = Field(description="What each of the three lenses means in this course.")
    agenda: list[Day] = Field(min_length=1, description="Workshop days, in order.")
    contact: Text | None = Field(
        default=None, description="How learners reach the people who run this course; shown on the home page."
    )
    pass_mark: int = Field(
        default=80,
        ge=1,
        le=100,
        description="The percentage of questions a learner must get right to pass a quiz: shown in every "
        "quiz's result, decides 'passed' on the final assessment and is what LMS reporting uses.",
    )
    materials: list[Material] = Field(
        default_factory=list, description="Materials for the agenda's workshop sessions (trainer edition only)."
    )
    allowed_hosts: list[HostName] = Field(
        default_factory=list,
        description="Hosts course text may load images from (an intranet media server, say); "
        "any other outside image is reported and left out of the pages.",
    )
    lms: Lms = Field(default_factory=Lms, description="How a SCORM package of the course reports to an LMS.")


# --- module files ------------------------------------------------------------------


class Section(Strict):
    id: Slug = Field(description="Anchor of the section; annotations, plans and questions refer to it.")
    title: Line
    body: Text = Field(description="Learner-facing text in Markdown.")


class KeyTerm(Strict):
    term: Line
    definition: Text = Field(description="Say what the term means without using the term itself.")
    kind: Line | None = Field(
        default=None,
        description=(
            "What sort of thing the term names, in a word or two (`measure`, `role`, `method`, `statistic`…). "
            "Generated questions offer as wrong answers the term's `contrasts`, then terms of the same kind, so "
            "none is ruled out at a glance; a term without a kind gets no generated question."
        ),
    )
    example: Text | None = Field(
        default=None,
        description=(
            "A short situation in which the term is what is happening, written without the term. "
            "It becomes a question: which term best describes this? Write it in your own words, not the "
            "definition's: an example that reuses the definition's phrases is a look-up, and gets no question."
        ),
    )
    contrasts: list[Line] = Field(
        default_factory=list,
        description=(
            "Other key terms (anywhere in the course) that this one is taught against, such as `Value demand` "
            "for `Failure demand`. Generated questions offer them first as wrong answers, because telling the "
            "pair apart is what the module teaches. Each must name a key term of the course."
        ),
    )


#: What an annotation does: observe through one lens, set lenses against each other, or ask the room.
AnnotationKind = Literal["observation", "tension", "question"]


class Annotation(Strict):
    """One place where the customer appears, seen through one lens, or through lenses in tension."""

    lens: Lens
    kind: AnnotationKind = Field(
        default="observation",
        description="observation (default); tension: `lens` pulls against `versus`; question: asked of the room.",
    )
    versus: list[Lens] = Field(
        default_factory=list,
        description="For a tension (or a question that poses one): the lenses `lens` pulls against.",
    )
    section: Slug = Field(description="The id of the section this annotation is about.")
    text: Text
    stake: Line | None = Field(
        default=None,
        description='For an observation: the words of `text` that carry its lens ("more paid hours"). The final '
        "assessment asks whose stake an observation weighs only when it has them, and quotes them in the feedback.",
    )

    @property
    def lenses(self) -> tuple[Lens, ...]:
        """Every lens the note looks through, its own first: a tension counts for each side."""
        return (self.lens, *(v for v in self.versus if v != self.lens))


class Relationship(Strict):
    """A cause-and-effect edge between two metrics: when cause rises, effect moves in `direction`."""

    cause: Line
    effect: Line
    direction: Literal["+", "-"] = Field(description="`+`: the effect rises with the cause; `-`: it falls.")
    why: Text
    link: Literal["causal", "definitional", "weak"] = Field(
        default="causal",
        description="causal (default): a mechanism worth reasoning about; definitional: the cause is part of "
        "how the effect is counted (calls offered in workload); weak: a second-order effect a planner would "
        "usually treat as absent. Quiz questions never rest a chain on a weak link or on definitional links alone.",
    )


class Reading(Strict):
    title: Line
    url: Annotated[str, StringConstraints(pattern=r"^https?://")] | None = None
    note: Text | None = None


class PlanItem(Strict):
    section: Slug
    minutes: int = Field(gt=0, le=600)
    note: Text | None = None
    materials: list[Slug] = Field(default_factory=list, description="Ids of this module's `materials` the step uses.")


class Activity(Strict):
    title: Line
    section: Slug = Field(description="The section during which the activity runs.")
    materials: list[Slug] = Field(default_factory=list, description="Ids of this module's `materials` it needs.")
    instructions: Text
    debrief: list[Text] = Field(min_length=1)


class Facilitator(Strict):
    """Notes shown only in the trainer edition."""

    plan: list[PlanItem] = Field(min_length=1, description="Minutes per section; they add up to the agenda slot.")
    activity: Activity
    discussion: list[Text] = Field(min_length=1)
    notes: Text | None = None


#: Calculator times are within a day: anything longer is a typo (and the engine's arithmetic on it
#: would overflow long before it meant anything).
DAY_MINUTES = 24 * 60
DAY_SECONDS = DAY_MINUTES * 60
#: Largest numeric answer or tolerance: past 10¹⁵ a learner cannot type the number exactly
#: (binary floating point holds every whole number only up to about 9 × 10¹⁵).
MAX_ANSWER = 1e15


class Calculator(Strict):
    """Starting values for the what-if staffing calculator shown on the module page."""

    section: Slug = Field(description="The section after which the calculator appears.")
    calls: FiniteFloat = Field(gt=0, description="Calls offered in one interval.")
    interval_minutes: FiniteFloat = Field(ge=1, le=DAY_MINUTES, description="Usually 15, 30 or 60.")
    handle_seconds: FiniteFloat = Field(ge=1, le=DAY_SECONDS, description="Talk, hold and wrap-up time per call.")
    answer_seconds: FiniteFloat = Field(ge=0, le=DAY_SECONDS, description="The '20 seconds' of an 80/20 target.")
    target_percent: FiniteFloat = Field(gt=0, lt=100, description="The '80%' of an 80/20 target.")
    shrinkage_percent: FiniteFloat = Field(ge=0, lt=100, description="Breaks, training and absence.")


class Module(Strict):
    """One module of the course: modules/<id>.yml."""

    id: Slug = Field(description="Must match the file name: modules/<id>.yml.")
    title: Line
    summary: Text = Field(description="Two or three sentences shown under the title.")
    objectives: list[Text] = Field(
        min_length=1, description="Learning objectives, each starting with an observable verb."
    )
    sections: list[Section] = Field(min_length=1, description="The learner-facing text, in reading order.")
    key_terms: list[KeyTerm] = Field(default_factory=list, description="Terms for the module and the course glossary.")
    customer: list[Annotation] = Field(
        min_length=1, description="Where the customer appears: at least one annotation per lens."
    )
    facilitator: Facilitator | None = Field(default=None, description="Trainer-only notes (trainer edition).")
    relationships: list[Relationship] = Field(
        default_factory=list, description="Cause-and-effect links between metrics, for the map and generated questions."
    )
    further_reading: list[Reading] = Field(default_factory=list)
    calculator: Calculator | None = Field(default=None, description="Show the what-if staffing calculator.")
    metrics_map: Slug | None = Field(
        default=None, description="The section after which the metrics map is drawn from `relationships`."
    )
    materials: list[Material] = Field(
        default_factory=list, description="The trainer pack: everything the module's activities hand out or read."
    )


# --- quiz banks --------------------------------------------------------------------


class QuestionBase(Strict):
    id: Slug
    section: Slug = Field(description="The section of the module this question tests.")
    prompt: Text
    explanation: Text


class Option(Strict):
    text: Text
    correct: bool = False
    feedback: Text = Field(description="Shown when a learner picks this option: say why it is right or wrong.")


#: Shared by both choice types: whether the build may reorder the options.
SHUFFLE_DESCRIPTION = (
    "The build shows options in an order shuffled from the quiz seed, so the right answer is not always "
    "in the same place. Set to false when the order carries meaning (a scale, numbers in order)."
)


class SingleChoice(QuestionBase):
    type: Literal["single"]
    options: list[Option] = Field(min_length=2)
    shuffle: bool = Field(default=True, description=SHUFFLE_DESCRIPTION)


class MultipleResponse(QuestionBase):
    type: Literal["multiple"]
    options: list[Option] = Field(min_length=2)
    shuffle: bool = Field(default=True, description=SHUFFLE_DESCRIPTION)


class Feedback(Strict):
    correct: Text
    incorrect: Text


class TrueFalse(QuestionBase):
    type: Literal["true_false"]
    answer: bool
    feedback: Feedback


class Numeric(QuestionBase):
    type: Literal["numeric"]
    answer: FiniteFloat = Field(ge=-MAX_ANSWER, le=MAX_ANSWER)
    tolerance: FiniteFloat = Field(default=0, ge=0, le=MAX_ANSWER)
    unit: Line | None = None
    feedback: Feedback


class Ordering(QuestionBase):
    type: Literal["ordering"]
    items: list[Text] = Field(min_length=2, description="The items in their correct order.")
    feedback: Feedback


#: One quiz question of any type; the YAML's ``type`` key picks the model.
Question = Annotated[
    SingleChoice | MultipleResponse | TrueFalse | Numeric | Ordering,
    Field(discriminator="type"),
]
#: The question models, for code that needs the classes themselves (``isinstance``, copying).
QUESTION_TYPES = (SingleChoice, MultipleResponse, TrueFalse, Numeric, Ordering)


#: A generated question's id as `course quiz <module-id>` prints it.
GeneratedId = Annotated[
    str,
    StringConstraints(pattern=r"^gen-[a-z0-9]+(-[a-z0-9]+)*$", max_length=SLUG_MAX),
    Field(description="The id of a generated question, as `course quiz <module-id>` lists it: `gen-…`."),
]


class QuizBank(Strict):
    module: Slug
    questions: list[Question] = Field(min_length=1)
    exclude: list[GeneratedId] = Field(
        default_factory=list,
        description="Generated questions this module's quiz and the final assessment must never show.",
    )
    pin: list[GeneratedId] = Field(
        default_factory=list,
        description="Generated questions this module's quiz always shows, before any drawn at random.",
    )


SCHEMAS: dict[str, type[BaseModel]] = {"course": Course, "module": Module, "quiz": QuizBank}


def json_schema(kind: str) -> str:
    """The JSON Schema for one kind of file, stable so it can be committed and diffed."""
    model = SCHEMAS[kind]
    schema = model.model_json_schema()
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    schema["$id"] = f"{kind}.schema.json"
    return json.dumps(schema, indent=2, sort_keys=True) + "\n"
