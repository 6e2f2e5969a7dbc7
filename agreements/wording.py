"""The agreement's fixed words and the coaching guidance, taken from the state association's seed page.

Kept apart from the models so the PDF, the web page and the content hash all print the same text.
"""

from __future__ import annotations

TITLE = "Statement of Mutual Understanding"
SUBTITLE = "One-to-One Mentoring"

# {association} is the association running the program, or the program itself.
PREAMBLE = (
    "We are voluntarily entering into a coaching relationship which we hope will be of benefit to both of us "
    "and to {association}. We want this to be a rich, rewarding experience. The following is an outline of how "
    "we intend to proceed."
)

# Printed on every agreement and part of what is signed; never editable.
FIXED_CLAUSES = (
    "We agree to a no-fault conclusion of this relationship, if for any reason, it seems appropriate.",
    "We agree that the mentee is responsible for his or her choices and actions throughout the Mentorship "
    "Program. The Mentor is not responsible for how the mentee uses any advice or perspective offered.",
)

# (field name, label printed on the agreement, the seed's hint shown under the field)
ITEMS = (
    (
        "confidentiality",
        "Confidentiality",
        "What information, if any, will you share with others about the details of your mentoring relationship?",
    ),
    ("duration", "Intended duration of the relationship", "The program suggests its own term; adjust it together."),
    (
        "frequency",
        "Frequency of contact",
        "We suggest connecting at least bi-monthly or quarterly to maintain continuity and sustain momentum.",
    ),
    ("contact_forms", "Forms of contact", "In person, phone, video, email: every form you will use."),
    ("mentor_time", "Approximate amount of time to be invested by the mentor", 'For example "2 hours a month".'),
    ("roles", "Requested roles of the mentor", "What the mentee asks the mentor to be."),
    ("additional_points", "Additional points", "Anything else you agree on."),
)
ITEM_LABELS = {name: label for name, label, _hint in ITEMS}
ITEM_HINTS = {name: hint for name, _label, hint in ITEMS}

GUIDANCE_TITLE = "How to create a great coaching relationship"

# One step per paragraph: the first line is the step, the rest explains it.
DEFAULT_STEPS = """Ask "What are your hopes?"
Start your relationship by understanding what's important to the person you are coaching and, most importantly, why. Help them look a little deeper for what truly interests them.

Uncover the real issues.
What stands between them and where they want to be? What issues or obstacles need attention? Use reflective listening (paraphrasing what you hear from them) to help them surface underlying concerns. Listening thoughtfully is a big gift.

Explore options.
What choices do they see? What additional options can you offer that may fit with what they hope for their careers? Choices encourage and empower people.

Share stories and experiences.
Rather than telling people what to do, offer stories about what you've seen or experienced that may be relevant to them. Stories help people understand the messages more deeply and integrate them into their own thinking.

Hold a big vision for them.
Sometimes people hold themselves back in their careers. They make too many assumptions about what they think can and can't happen. Tell the person you are coaching what you want for them. Encourage them to consider a big leap.

Invite action.
Most people need a nudge to take flight and really soar. "I'd like to invite you to consider [whatever action seems appropriate]." You're not telling them what to do, but you are giving them something concrete to which they can react. Always leave the choice to them. Don't become attached to your own suggestions.

Build a "dream team."
Who can help them realize their potential? Guide them to expand their networks for success."""  # noqa: E501

DEFAULT_GOOD_COACHES = """Model positive, professional behavior, i.e., are people to look up to
Create safe environments for growth and learning: challenging assignments to stretch skills and experience; an accessible resource and sounding board when needed; mistakes treated as learning opportunities; outstanding performance recognized and rewarded
Give protégés full credit for successes, but share responsibility for failures
Provide candid observations, even constructive criticism, when deserved
Work hard to develop a positive, mutually beneficial coach-protégé relationship
Push protégés onwards and upwards when it's time (sometimes, even the bravest needs a nudge)"""  # noqa: E501

DEFAULT_GOOD_PROTEGES = """Take the initiative in scheduling regular time to meet with their coach, then in setting the agenda
Are open to candid feedback, even when it's not pleasant to hear
Ask for what they need, when they need it
Engage their coach as a resource to discuss issues, evaluate results, and identify future steps for continued professional growth
Are open to challenging, seemingly "impossible" assignments
Work hard to develop a positive, mutually beneficial coach-protégé relationship, and express appreciation for the coach's time and support"""  # noqa: E501
