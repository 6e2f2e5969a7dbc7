"""The chapter contact's signed link, made when the email is rendered (its age counts from delivery)."""

from django import template

from chapters.models import ChapterOffer
from chapters.tokens import answer_url as _answer_url

register = template.Library()


@register.simple_tag
def answer_url(offer: ChapterOffer) -> str:
    return _answer_url(offer)
