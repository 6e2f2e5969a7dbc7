"""The library's pieces for other apps' pages: one `{% load %}` and one tag line each."""

from __future__ import annotations

from django import template

from resources import selectors

register = template.Library()


@register.inclusion_tag("resources/_guidelines.html")
def guidelines_beside(program) -> dict:
    """Beside the agreement: the host association's coaching guidelines (one query; nothing when there are none)."""
    return {"resources": list(selectors.guidelines(program.host_id))}


@register.inclusion_tag("resources/_articles.html", takes_context=True)
def articles_for_me(context, glances) -> dict:
    """On the home of a paired mentee: articles on the areas they asked help in. No query for anyone else."""
    is_mentee = any(not glance.pairing.partner_is_mentee for glance in glances or ())
    user = context["request"].user
    return {"resources": selectors.articles_for_mentee(user) if is_mentee else []}


@register.inclusion_tag("resources/_tips.html")
def speed_coaching_tips(association_id: int) -> dict:
    """Before a speed coaching round: the association's tips (coaching's pages, wired in by the lead)."""
    return {"resources": list(selectors.speed_coaching_tips(association_id))}
