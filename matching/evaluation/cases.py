"""Realistic mentee and mentor texts from local government, each mentee with the mentor or mentors a chair would
obviously pick for what they wrote: the evaluation set of the text component (`matching.evaluation.quality`).

Written for this purpose, not taken from applications. The mentees say what they want in their own words and do
not copy the mentors' wording: "my first supervisor job" meets "new supervisors", "relocating to Arizona" meets
"moved across three states". Only the text is judged; areas, places and meeting wishes are left out on purpose
(career stage and years are given, realistic, so the career component can be compared with the text one).
No Django here.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Mentor:
    name: str
    years: int
    statement: str  # why they mentor and how their experience helps
    mentored_before: str
    expertise: tuple[str, ...]
    other: str = ""


@dataclass(frozen=True)
class Mentee:
    goals: str  # what they hope to gain
    interest: str  # their interest in public service
    career_stage: str
    right: tuple[str, ...]  # the mentors' names a chair would pick
    wanted: tuple[str, ...] = ()
    other: str = ""


MENTORS: tuple[Mentor, ...] = (
    Mentor(
        "finance director",
        22,
        "As finance director of a mid-sized city I have built twelve annual budgets, led two bond issues and kept "
        "our AA rating through a recession. I can show how long-range forecasting, reserves policy and a readable "
        "budget document earn the council's trust.",
        "I coached two budget analysts who are now finance managers.",
        ("finance", "strategic_planning", "performance_measurement"),
    ),
    Mentor(
        "assistant city manager",
        18,
        "I spent eight years writing staff reports and sitting at the dais as assistant city manager. I can help "
        "you prepare for council meetings, brief elected officials one on one and keep your footing when a "
        "councilmember disagrees with the recommendation in public.",
        "Informally, several management analysts in my office.",
        ("council_manager_relations", "executive_staff_relations", "management"),
    ),
    Mentor(
        "public works director",
        25,
        "I run a public works department of 140: streets, fleet, parks maintenance and the capital improvement "
        "program. Field crews, pavement management and delivering construction projects on time are my daily "
        "work, and I came up from an engineering technician.",
        "I have mentored young engineers through the PE exam and their first project.",
        ("public_works", "engineering", "outsourcing"),
    ),
    Mentor(
        "human resources director",
        16,
        "Twenty rounds of recruitment, three union contracts and more disciplinary hearings than I can count. I "
        "help people understand classification and compensation, labor negotiations, grievances and how to "
        "document performance problems fairly.",
        "Yes, HR analysts and department heads facing their first grievance.",
        ("human_resources", "executive_staff_relations", "management"),
    ),
    Mentor(
        "operations supervisor turned manager",
        9,
        "Five years ago I was promoted to supervise the crew I used to be part of. Leading former peers, holding "
        "staff accountable, running one-on-ones and delegating instead of doing everything myself are the lessons "
        "I would share with new supervisors.",
        "I lead our internal program for first-time supervisors.",
        ("management", "executive_staff_relations", "work_life_balance"),
    ),
    Mentor(
        "city manager who relocated",
        20,
        "I have been a city manager in Ohio, Colorado and now Oregon. Each move meant new state laws, a new "
        "retirement system, a new state league and building a network from scratch. I can help someone relocating "
        "to a different state settle in quickly.",
        "Mentored two managers through interstate moves.",
        ("management", "intergovernment_cooperation", "council_manager_relations"),
    ),
    Mentor(
        "first woman city manager of her county",
        24,
        "I was the first woman to lead a city in our county. I talk openly about being underestimated in the "
        "room, negotiating salary, building a support network of other women in local government and leading "
        "with confidence without apologising for it.",
        "I co-founded our state's women leading government group and mentor through it.",
        ("management", "council_manager_relations", "work_life_balance"),
    ),
    Mentor(
        "chief information officer",
        15,
        "As CIO I replaced a thirty year old financial system with a new ERP, rebuilt our cybersecurity program "
        "after a ransomware attack and moved permitting online. I can explain technology projects in plain "
        "language to executives and council.",
        "",
        ("information_technology", "outsourcing", "performance_measurement"),
    ),
    Mentor(
        "economic development manager",
        14,
        "I negotiate business attraction deals, run our downtown revitalization strategy and manage the small "
        "business grant program. Retail recruitment, development agreements and incentive policy are where I can "
        "help.",
        "I supervise and mentor our economic development interns every summer.",
        ("economic_development", "strategic_planning", "community_engagement"),
    ),
    Mentor(
        "fire chief",
        27,
        "Twenty-seven years in the fire service, the last six as chief. I consolidated dispatch with two "
        "neighbouring cities, passed a public safety sales tax and manage overtime and staffing for three "
        "stations.",
        "I mentor captains preparing for battalion chief.",
        ("fire_ems", "intergovernment_cooperation", "finance"),
    ),
    Mentor(
        "community engagement officer",
        11,
        "I design public outreach for controversial projects: listening sessions, surveys in three languages, "
        "and meetings where residents arrive angry. I help staff build trust with neighbourhoods that have been "
        "left out of decisions before.",
        "",
        ("community_engagement", "strategic_planning", "intergovernment_cooperation"),
    ),
    Mentor(
        "utilities director",
        19,
        "I manage a water and wastewater utility: rate studies, Proposition 218 hearings, drought restrictions "
        "and replacing aging pipes. Utility finance and explaining rate increases to ratepayers are my strengths.",
        "I have mentored utility engineers moving into management.",
        ("public_works", "finance", "engineering"),
    ),
    Mentor(
        "planning director",
        17,
        "I lead a planning department through general plan updates, zoning code rewrites and housing element "
        "compliance. I can help with land use hearings, the planning commission and producing more affordable "
        "housing.",
        "Planners in my department and through the APA chapter.",
        ("other", "community_engagement", "strategic_planning"),
        other="Land use planning and housing",
    ),
    Mentor(
        "performance and budget analyst lead",
        8,
        "I built our city's performance dashboard and run the data team. Choosing metrics that matter, cleaning "
        "data, and turning service numbers into decisions the council can see are what I love teaching.",
        "",
        ("performance_measurement", "information_technology", "finance"),
    ),
    Mentor(
        "small town administrator",
        13,
        "In a town of 4,000 the administrator is also the clerk, the HR department and the grant writer. I help "
        "people in small and rural communities juggle many hats with a tiny staff and a volunteer board.",
        "I mentored two clerks who became town administrators.",
        ("management", "human_resources", "intergovernment_cooperation"),
    ),
    Mentor(
        "county administrator",
        23,
        "I administer a county of 300,000 and work constantly with the state legislature, cities inside the "
        "county and special districts. Intergovernmental agreements, shared services and lobbying in the capitol "
        "are my world.",
        "",
        ("intergovernment_cooperation", "council_manager_relations", "strategic_planning"),
    ),
    Mentor(
        "emergency manager",
        12,
        "I ran our emergency operations centre through two wildfires and a flood. Hazard mitigation plans, FEMA "
        "reimbursement and training department heads for their role in a disaster are what I can pass on.",
        "I coach new emergency management coordinators in our region.",
        ("fire_ems", "intergovernment_cooperation", "other"),
        other="Emergency management",
    ),
    Mentor(
        "public information officer",
        10,
        "As public information officer I handle the press, our social media and crisis communications. I can "
        "help with media interviews, writing press releases and keeping calm when a story goes viral.",
        "",
        ("community_engagement", "executive_staff_relations", "other"),
        other="Communications and media relations",
    ),
    Mentor(
        "solid waste manager",
        15,
        "I negotiated our franchise agreement with a private hauler, launched organics collection and met the "
        "state's recycling mandates. Contract management with private vendors is a skill I can teach.",
        "",
        ("refuse_recycling", "outsourcing", "public_works"),
    ),
    Mentor(
        "deputy manager and parent",
        14,
        "I am a deputy city manager and a parent of three. I talk honestly about burnout, setting boundaries with "
        "evening meetings and protecting family time while still being promoted.",
        "I mentor parents returning from leave.",
        ("work_life_balance", "management", "executive_staff_relations"),
    ),
    Mentor(
        "strategic planning facilitator",
        21,
        "I facilitate council goal-setting retreats and write strategic plans that departments actually use. "
        "Turning a council's priorities into a work plan with measurable objectives is my craft.",
        "",
        ("strategic_planning", "council_manager_relations", "performance_measurement"),
    ),
    Mentor(
        "grants manager",
        9,
        "I have written and managed more than forty million dollars in federal and state grants, including ARPA "
        "and FEMA awards. Compliance, single audits and reporting to funders are what I can help with.",
        "",
        ("finance", "intergovernment_cooperation", "other"),
        other="Grant writing and grant management",
    ),
    Mentor(
        "procurement manager",
        12,
        "I manage purchasing for a county: writing RFPs, evaluating proposals and deciding whether to contract "
        "out a service or keep it in house. Contracting rules and vendor performance are my strengths.",
        "",
        ("outsourcing", "finance", "refuse_recycling"),
    ),
    Mentor(
        "career changer from the private sector",
        6,
        "I came to local government after ten years in banking and started over as an analyst. I help students "
        "and career changers find internships and fellowships, translate private experience and understand how "
        "cities are organised.",
        "I mentor MPA students at the state university.",
        ("management", "finance", "executive_staff_relations"),
    ),
)

MENTEES: tuple[Mentee, ...] = (
    Mentee(
        "Our finance director retires next year and I would like to be the one who takes over putting the budget "
        "together, including projecting revenues five years out.",
        "",
        "mid_career",
        ("finance director",),
        ("finance",),
    ),
    Mentee(
        "I freeze up when I present an item to the council and a member challenges it. I want to be calm and "
        "credible in front of the elected body.",
        "",
        "early_career",
        ("assistant city manager",),
        ("council_manager_relations",),
    ),
    Mentee(
        "I am a junior civil engineer on street and sewer projects. I want to understand how the capital program "
        "gets prioritised and how to earn the respect of the maintenance crews.",
        "",
        "early_career",
        ("public works director",),
        ("public_works", "engineering"),
    ),
    Mentee(
        "This spring I sit at the bargaining table with the firefighters' union for the first time, and I handle "
        "the grievances that come after. I have no background in labor law.",
        "",
        "mid_career",
        ("human resources director",),
        ("human_resources",),
    ),
    Mentee(
        "Last month I became the boss of the people I used to eat lunch with. I keep doing the work myself "
        "instead of handing it off, and one of them resents me.",
        "",
        "early_career",
        ("operations supervisor turned manager",),
        ("management",),
    ),
    Mentee(
        "My spouse took a job in Oregon so we are moving from Texas. Everything I know about open meetings, "
        "pensions and who to call is Texas-specific.",
        "",
        "mid_career",
        ("city manager who relocated",),
        ("management",),
    ),
    Mentee(
        "I am often the only woman at the executive table and my ideas get credited to others. I want to move up "
        "to a city manager job someday and ask for fair pay.",
        "",
        "aspiring_manager",
        ("first woman city manager of her county",),
        ("management",),
    ),
    Mentee(
        "I was named project manager for replacing our accounting and payroll software, and I worry about data "
        "breaches once everything is in the cloud.",
        "",
        "mid_career",
        ("chief information officer",),
        ("information_technology",),
    ),
    Mentee(
        "Half the shops on Main Street are vacant. I want to learn how cities bring in new businesses and what "
        "they can offer them.",
        "",
        "early_career",
        ("economic development manager",),
        ("economic_development",),
    ),
    Mentee(
        "I am a fire captain and want to promote to chief. The parts I know least are budgets, overtime and "
        "sharing dispatch with the neighbouring cities.",
        "",
        "mid_career",
        ("fire chief",),
        ("fire_ems",),
    ),
    Mentee(
        "Residents are furious about a bike lane project I am managing. I want to hold meetings where people "
        "feel listened to, and reach the neighbourhoods that never show up.",
        "",
        "early_career",
        ("community engagement officer",),
        ("community_engagement",),
    ),
    Mentee(
        "This fall I have to explain to customers why water bills are going up, and I do not really understand "
        "how the rates are set.",
        "",
        "mid_career",
        ("utilities director",),
        ("public_works", "finance"),
    ),
    Mentee(
        "I am an assistant planner. I want to get better at hearings before the planning commission and at "
        "getting more homes built that people can afford.",
        "",
        "early_career",
        ("planning director",),
        ("other",),
        other="Housing and land use",
    ),
    Mentee(
        "I want to show our council with numbers whether our services are getting better, and tie those numbers "
        "to where the money goes.",
        "",
        "early_career",
        ("performance and budget analyst lead", "finance director"),
        ("performance_measurement",),
    ),
    Mentee(
        "I am the whole administration of a rural town of 2,500: clerk, personnel and grant applications. How do "
        "others cope with so many roles and so little staff?",
        "",
        "mid_career",
        ("small town administrator",),
        ("management",),
    ),
    Mentee(
        "I work for a county and want to understand our agreements with the cities inside it and how to lobby "
        "our legislators in the state capitol.",
        "",
        "mid_career",
        ("county administrator",),
        ("intergovernment_cooperation",),
    ),
    Mentee(
        "After last summer's wildfire I was put in charge of planning for the next disaster and getting federal "
        "money back for the cleanup.",
        "",
        "early_career",
        ("emergency manager", "grants manager"),
        ("fire_ems", "other"),
        other="Emergency management and disaster recovery",
    ),
    Mentee(
        "A reporter wants to interview me on camera next month, and I also run our accounts on Facebook and X "
        "when things go wrong.",
        "",
        "early_career",
        ("public information officer",),
        ("community_engagement", "other"),
        other="Media relations",
    ),
    Mentee(
        "Our contract with the garbage company expires and the state now requires food scraps to be collected. I "
        "am leading the new agreement.",
        "",
        "mid_career",
        ("solid waste manager", "procurement manager"),
        ("refuse_recycling", "outsourcing"),
    ),
    Mentee(
        "I am back from parental leave, exhausted by night meetings, and I want to keep advancing without missing "
        "my kids growing up.",
        "",
        "mid_career",
        ("deputy manager and parent",),
        ("work_life_balance",),
    ),
    Mentee(
        "I am organising the council's annual retreat and then have to turn what they agree on into a plan the "
        "departments actually follow.",
        "",
        "aspiring_manager",
        ("strategic planning facilitator",),
        ("strategic_planning",),
    ),
    Mentee(
        "We won our first federal award and I am responsible for the reporting and the audit that comes with it.",
        "",
        "early_career",
        ("grants manager",),
        ("other",),
        other="Grants",
    ),
    Mentee(
        "I write requests for proposals for our city and want to judge when to contract a service out, and how "
        "to hold a vendor to what it promised.",
        "",
        "early_career",
        ("procurement manager", "solid waste manager"),
        ("outsourcing",),
    ),
    Mentee(
        "I am finishing a public administration degree after years at a bank and need an internship or a "
        "fellowship in a city.",
        "I left the private sector because I want to serve my community.",
        "student",
        ("career changer from the private sector",),
        ("management",),
    ),
)
