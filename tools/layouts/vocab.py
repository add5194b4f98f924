"""Words of generated plans, written from what published plans say (not from the parser).

Sources of the wording: CQC local system review improvement plans 2017-18 and the health and
wellbeing board papers that carried them, NHS trust board action-plan reports and care
providers' post-inspection action plans. Place names are invented (none is in the seed corpus).
"""

from __future__ import annotations

AREAS = (
    "Wyreford", "North Calder", "St Aldhelm's", "Kestermere", "Brackenford", "East Marlow Vale",
    "Hollinsby", "Upper Teign", "Castlebridge", "Ravensmoor", "Thornleigh", "Sutton-on-Wyre",
    "West Ashcombe", "Elmstead Forest", "Bransholme Moor", "Caddington", "Fernleigh",
    "Lowther Dale", "Newport Abbas", "South Redwater", "Amberley Downs", "Greyhaven",
    "Stanmoor and Pelling", "Oakfield", "Marchbury", "Holmwood",
)

# (title, code) — the themes local system reviews asked areas to act on; the code is what a
# plan using "EL01"-style numbers prefixes its actions with.
THEMES = (
    ("Strategic vision and leadership", "SV"),
    ("Hospital discharge", "HD"),
    ("Workforce", "WF"),
    ("Market shaping and commissioning", "MS"),
    ("Information sharing and technology", "IT"),
    ("Prevention and early help", "PE"),
    ("Care homes", "CH"),
    ("Intermediate care and reablement", "IC"),
    ("Carers", "CA"),
    ("Housing and adaptations", "HA"),
    ("Governance and accountability", "GA"),
    ("Seven-day services", "SD"),
    ("Communication and engagement", "CE"),
    ("Performance and assurance", "PA"),
    ("Effective leadership", "EL"),
    ("Admission avoidance", "AA"),
)

ACTIONS = (
    "Agree a shared vision for services for older people with all partners",
    "Develop a joint workforce strategy across health and social care",
    "Implement the trusted assessor model in all care homes",
    "Review the discharge to assess pathway and agree a single model",
    "Establish a system-wide dashboard of delayed transfers of care",
    "Roll out the Red Bag scheme to every care home in the area",
    "Publish a market position statement for domiciliary care",
    "Recruit to the integrated discharge team vacancies",
    "Extend the rapid response service to seven days a week",
    "Commission additional reablement capacity for winter",
    "Introduce a single assessment shared by health and social care",
    "Agree information sharing protocols between the trust and the council",
    "Launch a carers' support offer with the voluntary sector",
    "Deliver training on the Mental Capacity Act to care home staff",
    "Embed the SAFER patient flow bundle on all medical wards",
    "Produce a joint winter plan signed off by the A&E Delivery Board",
    "Set up a care home support team with GP and pharmacy input",
    "Review the terms of reference of the Health and Wellbeing Board",
    "Map the housing adaptations process and remove duplicate steps",
    "Hold quarterly engagement events with people who use services",
    "Develop a falls prevention pathway with the ambulance service",
    "Agree an escalation protocol for when the system is under pressure",
    "Align the council and CCG commissioning intentions for 2018/19",
    "Implement electronic referral from the acute trust to social care",
    "Report progress against the improvement plan to each Board meeting",
    "Undertake an audit of continuing healthcare assessments",
    "Pilot a home first approach for patients medically fit for discharge",
    "Create a single point of access for intermediate care",
    "Refresh the joint strategic needs assessment for older people",
    "Establish a provider forum for domiciliary care agencies",
    "Agree a system-wide approach to recruitment and retention of care staff",
    "Publish easy-read information on services available after discharge",
    "Review the use of short-term beds in the community",
    "Introduce a weekly multi-disciplinary review of stranded patients",
    "Develop a dementia friendly communities programme with partners",
    "Agree a shared outcomes framework and performance measures",
)

FIRST_NAMES = (
    "Sarah", "Tom", "Priya", "Gareth", "Helen", "Michael", "Aisha", "David", "Karen", "Rob",
    "Fiona", "Imran", "Louise", "Peter", "Joanne", "Mark", "Claire", "Simon", "Nadia", "Paul",
)
SURNAMES = (
    "Hughes", "Price", "Okafor", "Llewellyn", "Marsh", "Tran", "Begum", "Fletcher", "Doyle",
    "Whitaker", "Kaur", "Brennan", "Ashworth", "Pryce", "Sandhu", "Holloway", "Kennedy",
    "Moran", "Ellison", "Rahman",
)
JOB_TITLES = (
    "Director of Adult Social Care", "Chief Operating Officer", "Head of Commissioning",
    "Director of Nursing", "Assistant Director, Adult Services", "Integrated Care Lead",
    "Head of Workforce Development", "Chief Officer", "Programme Manager",
    "Director of Public Health", "Deputy Chief Executive", "Head of Housing Services",
)
ORG_KINDS = ("Council", "CCG", "NHS Foundation Trust", "Community Health Services")
GROUP_OWNERS = (
    "All system leaders", "A&E Delivery Board", "Health and Wellbeing Board",
    "Integrated Care Partnership Board", "Voluntary sector representatives",
)

PROGRESS_NOTES = (
    "workshop held with partners and a draft agreed",
    "first meeting of the task and finish group took place",
    "proposal presented to the Joint Commissioning Board",
    "recruitment under way, two posts filled",
    "data collection started; baseline to be reported next month",
    "pilot completed on two wards and evaluation report written",
    "delayed by winter pressures; recovery plan agreed",
    "specification drafted and shared with providers for comment",
    "training sessions delivered to 120 staff",
    "options appraisal completed and preferred option chosen",
)
PROGRESS_FILLER = (
    "Partners have agreed the scope and the reporting arrangements.",
    "The next steps are to confirm funding and to agree the timetable with providers.",
    "Feedback from people who use services has been included in the design.",
    "A further report will go to the Board once the evaluation is complete.",
    "Risks to delivery are recorded on the programme risk register.",
    "Staff side representatives have been consulted throughout.",
)

OUTCOMES = (
    "Fewer people delayed in hospital", "People are supported to return home",
    "A stable and sufficient care market", "Staff feel confident and supported",
    "Decisions are made jointly and quickly", "Carers are identified and supported",
)
EVIDENCE = (
    "Board minutes", "Signed-off strategy", "Monthly DTOC data", "Audit report",
    "Training records", "Published document", "Performance dashboard",
)

# Column labels, by column, as plans print them.
HEADERS: dict[str, tuple[str, ...]] = {
    "id": ("Ref", "No.", "Action No", "Ref No.", "Action ref", "Item", "Action Number", "#"),
    "action": (
        "Action required", "What we will do", "Key actions", "Action", "Actions",
        "Action to be taken", "Agreed action", "How we will do it",
        "Actions to address the recommendation",
    ),
    "owner": (
        "Lead", "Responsible officer", "By whom", "Owner", "Lead officer", "Accountable lead",
        "Action owner", "Who", "Lead organisation / officer",
    ),
    "due": (
        "Timescale", "By when", "Target date", "Deadline", "Due date", "Completion date",
        "Date for completion", "When", "Target completion date",
    ),
    "revised": (
        "Revised timescale", "New date", "Revised date", "Revised target date",
        "Revised deadline", "Amended timescale",
    ),
    "rag": ("RAG", "BRAG", "RAG status", "RAG rating", "Status (RAG)", "Rating"),
    "rag_prev": ("Previous RAG", "Last month RAG", "RAG (previous)", "Previous rating"),
    "rag_now": ("Current RAG", "RAG this month", "RAG (current)", "Current rating"),
    "status": ("Status", "Complete? (Y/N)", "Current status", "Delivery status"),
    "progress": (
        "Progress update", "Update", "Comments", "Progress", "Progress to date", "Commentary",
        "Progress / evidence", "Latest update",
    ),
    "theme": ("Theme", "Workstream", "Priority area", "Key line of enquiry", "Area of focus"),
    "outcome": ("Intended outcome", "Measure of success", "Expected impact"),
    "evidence": ("Evidence of completion", "Evidence", "How will we know"),
}

# Header fills as councils use them (none, grey, dark blue with white text, pale blue).
HEADER_FILLS = {"none": None, "grey": "D9D9D9", "dark_blue": "1F4E79", "pale_blue": "DEEAF6"}

# RAG shading: the standard Office colours and the shades plans also use.
FILLS = {
    "BLUE": ("0070C0", "00B0F0", "5B9BD5"),
    "GREEN": ("00B050", "92D050", "00B050"),
    "AMBER": ("FFC000", "FFBF00", "F79646"),
    "RED": ("FF0000", "C00000", "FF0000"),
}
RAG_WORDS = {"BLUE": "Blue", "GREEN": "Green", "AMBER": "Amber", "RED": "Red"}

# Status words a status column uses, by status.
STATUS_WORDS = {
    "complete_assured": ("Complete - assured", "Completed and embedded"),
    "complete": ("Complete", "Completed", "Achieved"),
    "on_track": ("In progress", "On track", "On schedule"),
    "at_risk": ("Delayed", "Slipped", "At risk", "Behind schedule"),
    "off_track": ("Off track", "Not on track"),
    "not_started": ("Not started", "Not yet started"),
}

# RAG keys: colour -> (status the key means, how the key words it).
KEYS: dict[str, dict[str, tuple[str, str]]] = {
    "standard": {
        "BLUE": ("complete", "Complete"),
        "GREEN": ("on_track", "On track"),
        "AMBER": ("at_risk", "At risk"),
        "RED": ("off_track", "Off track"),
    },
    "long": {
        "BLUE": ("complete", "Action completed"),
        "GREEN": ("on_track", "On track to deliver by the target date"),
        "AMBER": ("at_risk", "Some slippage, recoverable"),
        "RED": ("off_track", "Significant risk to delivery, not on track"),
    },
    "assured": {
        "BLUE": ("complete_assured", "Complete with assurance of impact"),
        "GREEN": ("on_track", "On track"),
        "AMBER": ("at_risk", "Risk of slippage"),
        "RED": ("off_track", "Not on track - escalation required"),
    },
    "unusual": {  # green means done: no blue at all
        "GREEN": ("complete", "Completed"),
        "AMBER": ("on_track", "On track / in progress"),
        "RED": ("at_risk", "Delayed"),
    },
    "unusual2": {  # red means not yet started
        "BLUE": ("complete", "Completed"),
        "GREEN": ("on_track", "Progressing as planned"),
        "AMBER": ("at_risk", "Behind schedule"),
        "RED": ("not_started", "Not yet started"),
    },
}
# The common convention when a plan prints no key.
CONVENTION = {"BLUE": "complete", "GREEN": "on_track", "AMBER": "at_risk", "RED": "off_track"}

KEY_TITLES = ("Key", "RAG key", "Key to ratings", "BRAG rating key", "RAG Rating Criteria")
KEY_HEADERS = (("RAG", "Definition"), ("Rating", "Meaning"), ("Colour", "Status"))
