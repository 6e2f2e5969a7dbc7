"""The library's pieces for other apps' pages: one `{% load %}` and one tag line each."""

from __future__ import annotations

from django import template

from resources import selectors

register = template.Library()


@register.inclusion_tag("resources/_tips.html")
def speed_coaching_tips(association_id: int) -> dict:
    """Before a speed coaching round: the association's tips (coaching's pages, wired in by the lead)."""
    return {"resources": list(selectors.speed_coaching_tips(association_id))}
