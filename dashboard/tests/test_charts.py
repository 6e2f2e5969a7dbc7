"""The SVG builders: valid markup, readable without colour, safe with any text, allowed by the CSP."""

import datetime as dt
import xml.etree.ElementTree as ET

from dashboard import charts

SVG = "{http://www.w3.org/2000/svg}"


def parse(svg: str) -> ET.Element:
    return ET.fromstring(svg)  # noqa: S314 -- the builders' own output, not untrusted data


def bars(**overrides) -> str:
    arguments = {
        "chart_id": "areas",
        "title": "Supply and demand",
        "description": "Solid: mentors. Hatched: mentees.",
        "categories": ["Finance", "Police"],
        "series": [charts.Series("Mentors", [3, 0]), charts.Series("Mentees", [5, 1])],
        **overrides,
    }
    return charts.hbar_chart(**arguments)


def texts(svg: str) -> list[str]:
    return [element.text for element in parse(svg).iter(f"{SVG}text")]


def test_a_bar_chart_is_valid_svg_with_a_title_and_a_description():
    root = parse(bars())
    assert root.get("role") == "img"
    assert root.get("aria-labelledby") == "areas-title areas-desc"
    assert root.find(f"{SVG}title").text == "Supply and demand"
    assert root.find(f"{SVG}desc").text == "Solid: mentors. Hatched: mentees."


def test_every_bar_carries_its_value_and_the_legend_names_each_series():
    labels = texts(bars())
    assert [t for t in labels if t.isdigit()] == ["3", "5", "0", "1"]
    assert "Mentors" in labels and "Mentees" in labels


def test_no_bar_runs_past_the_chart_to_leave_room_for_its_label():
    root = parse(bars(notes=["short by 12", ""]))
    widths = [float(r.get("width")) for r in root.iter(f"{SVG}rect") if r.get("stroke-width")]
    assert max(widths) + len("5, short by 12") * 7 <= charts.WIDTH


def test_the_second_series_is_hatched_so_colour_is_not_needed():
    root = parse(bars())
    pattern = root.find(f"{SVG}defs/{SVG}pattern")
    assert pattern.get("id") == "areas-s1"
    fills = {rect.get("fill") for rect in root.iter(f"{SVG}rect")}
    assert "url(#areas-s1)" in fills


def test_a_noted_category_is_bold_and_its_note_follows_the_last_value():
    root = parse(bars(notes=["short by 2", ""]))
    bold = [t.text for t in root.iter(f"{SVG}text") if t.get("font-weight") == "bold"]
    assert bold == ["Finance"]
    assert "5, short by 2" in texts(bars(notes=["short by 2", ""]))


def test_text_is_escaped():
    svg = bars(categories=['<script>alert("x")</script>', "A & B"], title="Q&A <b>")
    assert "<script>" not in svg
    assert '<script>alert("x")</script>' in texts(svg)
    assert parse(svg).find(f"{SVG}title").text == "Q&A <b>"


def test_no_style_attribute_or_element_is_used():
    svg = bars() + charts.line_chart(
        chart_id="d", title="t", description="d", days=[dt.date(2025, 1, 1)], series=[charts.Series("A", [1])]
    )
    assert "style" not in svg


def test_an_empty_chart_still_draws():
    assert parse(bars(categories=[], series=[charts.Series("Pairs", [])]))
    assert parse(bars(categories=["None"], series=[charts.Series("Pairs", [0])]))


def line(**overrides) -> str:
    days = [dt.date(2025, 1, 1) + dt.timedelta(days=i) for i in range(12)]
    arguments = {
        "chart_id": "days",
        "title": "By day",
        "description": "Running totals.",
        "days": days,
        "series": [charts.Series("Mentors", list(range(12))), charts.Series("Mentees", list(range(0, 24, 2)))],
        "marker_day": days[-1],
        "marker_label": "Deadline",
        **overrides,
    }
    return charts.line_chart(**arguments)


def test_a_line_chart_ends_each_line_with_its_name_and_value_and_marks_the_deadline():
    labels = texts(line())
    assert "Mentors 11" in labels
    assert "Mentees 22" in labels
    assert "Deadline" in labels
    assert "Jan 1" in labels and "Jan 12" in labels


def test_the_second_line_is_dashed():
    polylines = list(parse(line()).iter(f"{SVG}polyline"))
    assert [p.get("stroke-dasharray") for p in polylines] == [None, "6 4"]


def test_end_labels_of_equal_lines_do_not_overlap():
    svg = line(series=[charts.Series("Mentors", [1, 2]), charts.Series("Mentees", [1, 2])])
    ys = sorted(float(t.get("y")) for t in parse(svg).iter(f"{SVG}text") if t.text.startswith("Ment"))
    assert ys[-1] - ys[-2] >= 14


def test_a_category_and_its_bars_are_written_exactly_so():
    svg = bars(categories=["<b>\"A\" & 'B'</b>", "Police"], notes=["short by 2", ""])
    assert (
        '<text x="0" y="35" font-weight="bold">&lt;b&gt;&quot;A&quot; &amp; &#x27;B&#x27;&lt;/b&gt;</text>'
        '<rect x="0" y="40" width="134" height="12" fill="#1f4e79" stroke="#1f4e79" stroke-width="1"/>'
        '<text x="138" y="51" font-size="11">3</text>'
        '<rect x="0" y="54" width="223.3" height="12" fill="url(#areas-s1)" stroke="#9a4d00" stroke-width="1"/>'
        '<text x="227.3" y="65" font-size="11">5, short by 2</text>'
        '<text x="0" y="91">Police</text>'
        '<rect x="0" y="96" width="0" height="12" fill="#1f4e79" stroke="#1f4e79" stroke-width="1"/>'
    ) in svg


def test_an_attribute_is_escaped_only_when_it_holds_a_special_character():
    assert (
        charts._attrs(x=1.5, fill="#fff", label="a\"<&>'b") == 'x="1.5" fill="#fff" label="a&quot;&lt;&amp;&gt;&#x27;b"'
    )
