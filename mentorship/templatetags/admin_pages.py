"""`{% page_result_list cl %}`: the table of an admin list whose rows are written once per page's columns
(mentorship.admin_lists.page_result_list); overridable per model like Django's `{% result_list %}`.
`{% app_list_html %}`: Django's list of the admin's models (the sidebar of every admin page), written in Python."""

from urllib.parse import quote

from django import template
from django.contrib.admin.templatetags.base import InclusionAdminNode
from django.utils.html import conditional_escape as escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext

from mentorship.admin_lists import page_result_list

register = template.Library()


@register.tag(name="page_result_list")
def page_result_list_tag(parser, token):
    return InclusionAdminNode(
        parser, token, func=page_result_list, template_name="change_list_results.html", takes_context=False
    )


NO_PERMISSION = "You don\u2019t have permission to view or edit anything."  # Django's message, its apostrophe


@register.simple_tag(takes_context=True)
def app_list_html(context) -> SafeString:
    """Django's admin/app_list.html (the sidebar's and the admin home's list of models), written in one piece: the
    same text to the byte (mentorship/tests/test_admin_pages.py compares them), without a template variable looked
    up through the page's context for each of its models' dozen values."""
    app_list = context.get("app_list")
    request = context.get("request")
    path = quote(str(request.path), safe="/") if request is not None else ""
    show_changelinks = bool(context.get("show_changelinks"))
    if not app_list:
        return _safe(f"\n\n\n  <p>{escape(gettext(NO_PERMISSION))}</p>\n")
    labels = [escape(gettext(text)) for text in ("Model name", "Add link", "Change or view list link")]
    add, view, change = (escape(gettext(text)) for text in ("Add", "View", "Change"))
    models_in = gettext("Models in the %(name)s application")
    parts = ["\n\n\n  "]
    for app in app_list:
        label = escape(app["app_label"])
        current = " current-app" if str(app["app_url"]) in path else ""
        parts.append(
            f'\n    <div class="app-{label} module{current}">\n      <table>\n        <caption>\n'
            f'          <a href="{escape(app["app_url"])}" class="section" '
            f'title="{models_in % {"name": escape(app["name"])}}">{escape(app["name"])}</a>\n'
            f'        </caption>\n        <thead class="visually-hidden">\n          <tr>\n'
            f'            <th scope="col">{labels[0]}</th>\n            <th scope="col">{labels[1]}</th>\n'
            f'            <th scope="col">{labels[2]}</th>\n          </tr>\n        </thead>\n        '
        )
        for model in app["models"]:
            parts.append(_model_row(model, label, path, show_changelinks, add, view, change))
        parts.append("\n      </table>\n    </div>\n  ")
    parts.append("\n")
    return _safe("".join(parts))


def _safe(text: str) -> SafeString:
    return mark_safe(text)  # noqa: S308 -- app_list_html and _model_row escape every value they write


def _model_row(model: dict, app: str, path: str, show_changelinks: bool, add: str, view: str, change: str) -> str:
    name = escape(str(model["object_name"]).lower())
    ident = f"{app}-{name}"
    admin_url = model.get("admin_url")
    current = admin_url is not None and str(admin_url) in path  # as the template's `in`: "" is in every path
    if admin_url:
        page = ' aria-current="page"' if current else ""
        link = f'\n                  <a href="{escape(admin_url)}"{page}>{escape(model["name"])}</a>\n                '
    else:
        link = f"\n                  {escape(model['name'])}\n                "
    if model.get("add_url"):
        add_cell = (
            f'\n                <td><a href="{escape(model["add_url"])}" class="addlink" '
            f'aria-describedby="{ident}">{add}</a></td>\n              '
        )
    else:
        add_cell = "\n                <td></td>\n              "
    if admin_url and show_changelinks:
        kind, word = ("viewlink", view) if model.get("view_only") else ("changelink", change)
        change_cell = (
            f'\n                \n                  <td><a href="{escape(admin_url)}" class="{kind}" '
            f'aria-describedby="{ident}">{word}</a></td>\n                \n              '
        )
    elif show_changelinks:
        change_cell = "\n                <td></td>\n              "
    else:
        change_cell = ""
    return (
        f'\n          \n            <tr class="model-{name}{" current-model" if current else ""}">\n'
        f'              <th scope="row" id="{ident}">\n                {link}\n              </th>\n\n'
        f"              {add_cell}\n\n              {change_cell}\n            </tr>\n          \n        "
    )
