"""The dashboard's rows filled in Python (dashboard.markup) write what the template wrote, every text escaped."""

from __future__ import annotations

import datetime as dt
import re

from django.template import Context, Template
from django.template.defaultfilters import date as date_filter

from dashboard import markup
from dashboard.figures import ActionGroup, ActionItem, AreaRow, DayRow, MentorRoom, PairRow

HOSTILE = '<script>alert("x")</script> O\'Brien & Co'
ESCAPED = "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; O&#x27;Brien &amp; Co"

# The template's own loop, as dashboard/program.html wrote it before the items were filled in Python.
ACTIONS_TEMPLATE = """{% for group in groups %}{% if group.total %}
    <h3 class="h5 mt-3" id="act-{{ group.key }}">{{ group.title }} <span class="badge text-bg-secondary">{{ group.total }}</span></h3>
    <ul class="list-group mb-2 dash-actions" aria-labelledby="act-{{ group.key }}">
    {% for item in group.items %}
      <li class="list-group-item d-flex flex-wrap align-items-center gap-2">
        <div class="flex-grow-1 dash-item">
          <strong>{{ item.title }}</strong>
          <span class="text-nowrap text-body-secondary">· waiting {{ item.age_days }} day{{ item.age_days|pluralize }}</span>
          <div class="small">{{ item.detail }}</div>
        </div>
        {% if item.admin_action %}
          <form method="post" action="{{ item.url }}">{% csrf_token %}
            <input type="hidden" name="action" value="{{ item.admin_action }}">
            <input type="hidden" name="index" value="0">
            <input type="hidden" name="_selected_action" value="{{ item.object_id }}">
            <button type="submit" class="btn btn-sm btn-primary" aria-label="{{ item.button }}: {{ item.title }}">{{ item.button }}</button>
          </form>
        {% elif item.post %}{% if may_resend %}
          <form method="post" action="{{ item.url }}">{% csrf_token %}
            <button type="submit" class="btn btn-sm btn-primary" aria-label="{{ item.button }}: {{ item.title }}">{{ item.button }}</button>
          </form>{% endif %}
        {% else %}
          <a class="btn btn-sm btn-primary" href="{{ item.url }}" aria-label="{{ item.button }}: {{ item.title }}">{{ item.button }}</a>
        {% endif %}
      </li>
    {% endfor %}
    </ul>
    {% if group.hidden %}<p class="small">And {{ group.hidden }} more{% if group.more_url %}: <a href="{{ group.more_url }}">see them all in the admin</a>{% endif %}.</p>{% endif %}
  {% endif %}{% endfor %}"""  # noqa: E501


def _squeezed(html: str) -> str:
    """Markup with the whitespace between tags dropped and other runs of it made one space."""
    return re.sub(r"\s+", " ", re.sub(r">\s+<", "><", html)).strip()


def _groups() -> list[ActionGroup]:
    day = dt.date(2026, 3, 4)
    link = ActionItem(title=HOSTILE, detail=HOSTILE, since=day, age_days=1, url="/a/?x=1&y=<2>", button="Open it")
    admin = ActionItem(
        title="Ann",
        detail="Fee due",
        since=day,
        age_days=3,
        url="/admin/x/",
        button="Mark",
        admin_action="pay",
        object_id=7,
    )
    post = ActionItem(title="Mail", detail=HOSTILE, since=day, age_days=0, url="/n/1/again/", button="Send", post=True)
    return [
        ActionGroup("links", HOSTILE, [link, admin], 9, more_url="/admin/?a=1&b=2"),
        ActionGroup("empty", "Nothing", [], 0),
        ActionGroup("mail", "Emails", [post], 1),
        ActionGroup("unlinked", "No link", [admin], 4),
    ]


def test_the_action_items_are_the_templates_with_every_text_escaped():
    for may_resend in (True, False):
        expected = Template(ACTIONS_TEMPLATE).render(
            Context({"groups": _groups(), "may_resend": may_resend, "csrf_token": "tok<en>"})
        )
        written = markup.action_groups(_groups(), csrf_token="tok<en>", may_resend=may_resend)
        assert _squeezed(written) == _squeezed(expected)
    assert HOSTILE not in written and ESCAPED in written and "x=1&amp;y=&lt;2&gt;" in written
    assert 'name="csrfmiddlewaretoken" value="tok&lt;en&gt;"' in written
    assert "Send</button>" not in written  # the Send again button only for those allowed to resend


def test_the_tables_rows_escape_names_and_write_counts_as_they_are():
    mentors = markup.mentor_rows([MentorRoom(41, HOSTILE, 3, 1)])
    assert ESCAPED in mentors and HOSTILE not in mentors
    assert '<a href="/admin/applications/application/41/change/">' in mentors
    assert '<td class="text-end">3</td><td class="text-end">1</td><td class="text-end">2</td>' in mentors
    day = dt.date(2026, 3, 4)
    pair = PairRow(1, HOSTILE, "Bo", "m@x", "e@x", "active", "run", None, None, day, day, "monthly", None, 1, 0, day)
    pairs = markup.pair_rows([pair])
    assert f"<td>{ESCAPED} and Bo</td>" in pairs and "<td>Mar 4</td>" in pairs and "1 of 2 signatures" in pairs
    areas = markup.area_rows([AreaRow("it", HOSTILE, 1, 3), AreaRow("hr", "HR", 2, 1)])
    assert f'<tr data-area="it"><th scope="row">{ESCAPED.replace("/", "/<wbr>")}</th>' in areas  # as below
    assert "<strong>2</strong>" in areas and '<td class="text-end">—</td>' in areas


def test_the_days_table_lists_the_days_with_a_submission_and_the_last_day():
    first = dt.date(2026, 2, 27)
    days = [DayRow(first + dt.timedelta(days=i), n, 0, 5 + i, 1) for i, n in enumerate((2, 0, 1, 0, 0))]
    written = markup.day_rows(days)
    assert re.findall(r'<th scope="row">([^<]*)</th>', written) == ["Fri Feb 27", "Sun Mar 1", "Tue Mar 3"]
    assert written.endswith('<td class="text-end">0</td><td class="text-end">0</td><td class="text-end">10</td></tr>')
    for month in range(1, 13):  # each month's and weekday's short name as the template's |date:"D M j"
        for day in (dt.date(2026, month, d) for d in range(1, 8)):
            assert markup.day_rows([DayRow(day, 1, 0, 1, 0)]).count(f">{date_filter(day, 'D M j')}<") == 1


def test_an_area_name_may_wrap_after_each_slash_so_the_table_fits_a_phone():
    areas = markup.area_rows([AreaRow("information_technology", "Information Technology/Services/Systems", 1, 3)])
    assert '<th scope="row">Information Technology/<wbr>Services/<wbr>Systems</th>' in areas
