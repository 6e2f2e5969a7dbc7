"""`{% page_result_list cl %}`: the table of an admin list whose rows are written once per page's columns
(mentorship.admin_lists.page_result_list); overridable per model like Django's `{% result_list %}`."""

from django import template
from django.contrib.admin.templatetags.base import InclusionAdminNode

from mentorship.admin_lists import page_result_list

register = template.Library()


@register.tag(name="page_result_list")
def page_result_list_tag(parser, token):
    return InclusionAdminNode(
        parser, token, func=page_result_list, template_name="change_list_results.html", takes_context=False
    )
