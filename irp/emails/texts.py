"""Email texts staff edit in the admin: checking them before they are saved, and
rendering them in place of the templates in the code.

A text is a Django template. Before it is saved it must compile, use only the
placeholders its email declares (irp/core/registry.py, `Email.placeholders`), load no
tag library beyond translations and allauth's `account`, and render with the email's
sample data. So a mistake is refused on save with a sentence a person can read, never
discovered by the worker when the email is sent.
"""

from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.template import Context, Engine, Template, TemplateSyntaxError
from django.template.base import FilterExpression, Node, TokenType, Variable, VariableNode
from django.template.defaulttags import DebugNode, ForNode, LoadNode, WithNode
from django.template.loader import get_template
from django.template.loader_tags import ExtendsNode, IncludeNode

from irp.core.registry import Email

# Always there: Django's own literals and loop helper, and the site's address.
ALWAYS_ALLOWED = {"True", "False", "None", "forloop", "block", "site_url"}
LIBRARIES_ALLOWED = {"i18n", "account"}

PARTS = ("subject", "text", "html")


@dataclass(frozen=True)
class Texts:
    subject: str
    text: str
    html: str


def default_texts(email: Email) -> Texts:
    """The texts in the code: the template files, as written."""

    def source(name: str, *, required: bool = True) -> str:
        try:
            return get_template(name).template.source
        except Exception:
            if required:
                raise
            return ""

    body = f"{email.template}{email.body_suffix}"
    return Texts(
        subject=source(f"{email.template}_subject.txt"),
        text=source(f"{body}.txt"),
        html=source(f"{body}.html", required=email.has_html) if email.has_html else "",
    )


def _engine() -> Engine:
    return Engine.get_default()


def _root(expression) -> str | None:
    if isinstance(expression, Variable):
        return None if expression.literal is not None else ".".join(expression.lookups or ())
    return None


def _paths_in_expression(expression: FilterExpression):
    if isinstance(expression.var, Variable):
        path = _root(expression.var)
        if path:
            yield path
    for _, args in expression.filters:
        for lookup, argument in args:
            if lookup:
                path = _root(argument)
                if path:
                    yield path


def _expressions(value, depth=0):
    """FilterExpressions and Variables inside a node's attributes (conditions of an
    {% if %}, arguments of a tag), however the tag keeps them."""
    if depth > 6:
        return
    if isinstance(value, FilterExpression | Variable):
        yield value
    elif isinstance(value, list | tuple | set):
        for item in value:
            yield from _expressions(item, depth + 1)
    elif isinstance(value, dict):
        for item in value.values():
            yield from _expressions(item, depth + 1)
    elif hasattr(value, "__dict__") and not isinstance(value, Node | type):
        # smartif's operators keep their operands as `first`, `second` and `value`.
        for name in ("first", "second", "value"):
            if hasattr(value, name):
                yield from _expressions(getattr(value, name), depth + 1)


def _bound_names(node: Node) -> set[str]:
    """Names a tag makes for what it encloses ({% for x in … %}, {% with %})."""
    names = set()
    if isinstance(node, ForNode):
        names.update(node.loopvars)
    if isinstance(node, WithNode):
        names.update(node.extra_context)
    extra = getattr(node, "extra_context", None)
    if isinstance(extra, dict):
        names.update(extra)
    return names


def _as_names(node: Node) -> set[str]:
    """Names a tag makes for what follows it (`{% url … as name %}`)."""
    names = set()
    for attribute in ("target_var", "asvar", "as_var"):
        value = getattr(node, attribute, None)
        if isinstance(value, str):
            names.add(value)
    return names


def _used(nodelist, bound: frozenset, found: list, tags: list) -> None:
    for node in nodelist:
        if isinstance(node, LoadNode):
            tags.append(("load", node.token.contents if getattr(node, "token", None) else ""))
        inner_bound = bound | _bound_names(node)
        if isinstance(node, VariableNode):
            found.extend((path, bound) for path in _paths_in_expression(node.filter_expression))
        else:
            for name, value in vars(node).items():
                if name in ("nodelist", "token", "origin", "parent_name") or name.startswith("_"):
                    continue
                for expression in _expressions(value):
                    if isinstance(expression, FilterExpression):
                        found.extend((p, bound) for p in _paths_in_expression(expression))
                    else:
                        path = _root(expression)
                        if path:
                            found.append((path, bound))
            # {% blocktranslate %} keeps its text as tokens; {{ name }} inside is a token.
            for token in [*getattr(node, "singular", []), *getattr(node, "plural", [])]:
                if token.token_type == TokenType.VAR:
                    found.append((token.contents.strip(), inner_bound))
        if isinstance(node, ExtendsNode):
            tags.append(("extends", str(node.parent_name.var)))
        if isinstance(node, IncludeNode) and not _root(node.template.var):
            # A file named in the text: only from the email's own folder (checked below).
            tags.append(("include", str(node.template.var)))
        if isinstance(node, DebugNode):
            tags.append(("debug", ""))
        for attribute in getattr(node, "child_nodelists", ()):
            child = getattr(node, attribute, None)
            if child:
                _used(child, inner_bound, found, tags)
        bound = bound | _as_names(node)


def _allowed(path: str, placeholders, bound) -> bool:
    root = path.split(".")[0]
    if root in ALWAYS_ALLOWED or root in bound:
        return True
    return any(path == p or path.startswith(p + ".") for p in placeholders)


def check_text(source: str, *, email: Email, part: str) -> Template:
    """Compile one text and check its placeholders and tags. Raises ValidationError
    naming what is wrong and where."""
    try:
        template = Template(source, engine=_engine())
    except TemplateSyntaxError as mistake:
        raise ValidationError(
            f"This text has a mistake in its template tags: {mistake}. Check that every "
            "{% … %} is closed and spelled as in the default text.",
            code="broken",
        ) from mistake
    found, tags = [], []
    _used(template.nodelist, frozenset(), found, tags)
    for kind, detail in tags:
        if kind == "load":
            libraries = set(detail.split()[1:])
            if "from" in libraries or not libraries <= LIBRARIES_ALLOWED:
                raise ValidationError(
                    f"“{{% {detail} %}}” is not allowed in an email text: only "
                    "translations (i18n) and account may be loaded.",
                    code="tag",
                )
        if kind == "debug":
            raise ValidationError("“{% debug %}” is not allowed in an email text.", code="tag")
        folder = email.template.rsplit("/", 1)[0] + "/"
        if kind == "include" and detail.rsplit("/", 1)[0] + "/" != folder:
            raise ValidationError(
                f"An email text cannot include another file ({detail}).", code="tag"
            )
    unknown = sorted(
        {path for path, bound in found if not _allowed(path, email.placeholders, bound)}
    )
    if unknown:
        names = ", ".join("{{ " + path + " }}" for path in unknown)
        known = ", ".join("{{ " + p + " }}" for p in sorted(email.placeholders)) or "none"
        raise ValidationError(
            f"Unknown placeholder{'s' if len(unknown) > 1 else ''}: {names}. "
            f"This email may use: {known}, and {{{{ site_url }}}}.",
            code="placeholder",
        )
    return template


def render_text(source: str, context: dict) -> str:
    return Template(source, engine=_engine()).render(Context(context, autoescape=True))


def render_texts(texts: Texts, context: dict) -> tuple[str, str, str]:
    """Subject (one line), plain text and HTML, as `render_email` gives them. The
    subject and the plain text are not HTML, so nothing in them is escaped."""
    subject = Template(texts.subject, engine=_engine()).render(Context(context, autoescape=False))
    subject = " ".join(subject.strip().splitlines())
    text = Template(texts.text, engine=_engine()).render(Context(context, autoescape=False))
    html = render_text(texts.html, context) if texts.html.strip() else ""
    return subject, text, html


def check_texts(texts: Texts, *, email: Email) -> None:
    """Check all three parts; then render them with the sample data, so a text that
    compiles but fails on real data is refused too. Raises ValidationError by part."""
    errors = {}
    for part in PARTS:
        source = getattr(texts, part)
        if part == "html" and not source.strip():
            continue
        if part != "html" and not source.strip():
            errors[part] = ValidationError("This part cannot be empty.", code="required")
            continue
        try:
            check_text(source, email=email, part=part)
        except ValidationError as refusal:
            errors[part] = refusal
    if errors:
        raise ValidationError(errors)
    try:
        subject, _, _ = render_texts(texts, sample_context(email))
    except Exception as mistake:  # any failure here would have failed at sending
        raise ValidationError(
            f"With the sample data this text could not be written: {mistake}.", code="render"
        ) from mistake
    if not subject:
        raise ValidationError({"subject": "With the sample data the subject comes out empty."})


def sample_context(email: Email) -> dict:
    from django.conf import settings

    return {"site_url": settings.SITE_URL, **email.sample}
