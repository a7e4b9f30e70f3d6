"""The journal's pages. Thin: every read is a selector, every write a service.

Someone else's entry is always a 404, for staff too."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import HttpResponse, HttpResponseBadRequest
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from . import selectors, services
from .forms import ReflectionForm, SearchForm
from .models import Prompt

PAGE_SIZE = 20


def _no_store(response):
    # Private writing must not linger in shared or back-button caches.
    response["Cache-Control"] = "private, no-store"
    return response


def _save_new(request, form, prompt, step_id=None):
    if not form.is_valid():
        return None
    try:
        return services.write_reflection(
            author=request.user, body=form.cleaned_data["body"], prompt=prompt, step_id=step_id
        )
    except ValidationError as refusal:
        form.add_error("body", refusal.message_dict.get("body", refusal.messages))
        return None


def _initial(request, place):
    draft = selectors.draft_for(person=request.user, place=place)
    return draft, {"body": draft.body} if draft else {}


@login_required
@require_safe
def home(request):
    context = {
        "todays_prompt": selectors.todays_prompt(),
        "recent": selectors.reflections_of(request.user)[:3],
        "collections": selectors.prompt_collections(),
    }
    return _no_store(render(request, "reflections/home.html", context))


@login_required
@require_safe
def journal(request):
    by_prompt = request.GET.get("by") == "prompt"
    source = (
        selectors.prompts_answered_by(request.user)
        if by_prompt
        else selectors.reflections_of(request.user)
    )
    page = Paginator(source, PAGE_SIZE).get_page(request.GET.get("page"))
    context = {"page": page, "by_prompt": by_prompt}
    return _no_store(render(request, "reflections/journal.html", context))


def _step_asked(request) -> tuple[int | None, dict | None]:
    """The programme step named by ?step=, when the person may write to it; a step
    they may not write to (unknown, not theirs, not open) is simply not linked."""
    raw = request.GET.get("step", "")
    if not (raw.isascii() and raw.isdigit() and 0 < len(raw) <= 18):
        return None, None
    step = selectors.step_context(person=request.user, step_id=int(raw))
    return (int(raw), step) if step else (None, None)


@login_required
def write(request):
    step_id, step = _step_asked(request)
    place = services.place_for(step_id=step_id)
    draft, initial = _initial(request, place)
    form = ReflectionForm(request.POST if request.method == "POST" else None, initial=initial)
    if request.method == "POST" and (reflection := _save_new(request, form, None, step_id)):
        if step:
            messages.success(
                request, "Your reflection is saved. Only you can read it, unless you share it."
            )
            return redirect(step["url"])
        messages.success(request, "Your reflection is saved. Only you can read it.")
        return redirect(reflection)
    context = {"form": form, "place": place, "draft": draft, "step": step}
    return _no_store(render(request, "reflections/write.html", context))


@login_required
def prompt(request, pk):
    prompt = get_object_or_404(Prompt.objects.select_related("collection"), pk=pk)
    place = services.place_for(prompt=prompt)
    draft, initial = _initial(request, place)
    form = ReflectionForm(request.POST if request.method == "POST" else None, initial=initial)
    if request.method == "POST" and (reflection := _save_new(request, form, prompt)):
        messages.success(request, "Your reflection is saved. Only you can read it.")
        return redirect(reflection)
    context = {
        "prompt": prompt,
        "form": form,
        "place": place,
        "draft": draft,
        **selectors.then_and_now(person=request.user, prompt=prompt),
    }
    return _no_store(render(request, "reflections/prompt.html", context))


@login_required
def detail(request, pk):
    reflection = selectors.own_reflection(author=request.user, pk=pk)
    return _no_store(render(request, "reflections/detail.html", {"reflection": reflection}))


@login_required
def edit(request, pk):
    reflection = selectors.own_reflection(author=request.user, pk=pk)
    place = services.place_for(reflection=reflection)
    draft = selectors.draft_for(person=request.user, place=place)
    initial = {"body": draft.body if draft else reflection.body}
    form = ReflectionForm(request.POST if request.method == "POST" else None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.edit_reflection(reflection=reflection, body=form.cleaned_data["body"])
        except ValidationError as refusal:
            form.add_error("body", refusal.message_dict.get("body", refusal.messages))
        else:
            messages.success(request, "Your changes are saved.")
            return redirect(reflection)
    context = {"reflection": reflection, "form": form, "place": place, "draft": draft}
    return _no_store(render(request, "reflections/edit.html", context))


@login_required
def delete(request, pk):
    reflection = selectors.own_reflection(author=request.user, pk=pk)
    if request.method == "POST":
        services.delete_reflection(reflection=reflection)
        messages.success(request, "That reflection has been deleted for good.")
        return redirect("reflections:journal")
    return _no_store(render(request, "reflections/delete.html", {"reflection": reflection}))


@login_required
@require_http_methods(["GET", "POST"])
def search(request):
    # The words are sent by POST: a query string would carry them into access logs,
    # proxies and browser history. A GET only shows the empty form.
    form = SearchForm(request.POST if request.method == "POST" else None)
    results, truncated = [], False
    query = ""
    if form.is_valid():
        query = form.cleaned_data["q"]
        results, truncated = selectors.search_reflections(person=request.user, query=query)
    context = {"form": form, "results": results, "truncated": truncated, "query": query}
    return _no_store(render(request, "reflections/search.html", context))


@login_required
@require_POST
def save_draft(request):
    """Called by draft.js as the person types and as they leave the page."""
    place = request.POST.get("place", "")
    try:
        kind, ident = services.parse_draft_place(place)
    except ValidationError as refusal:
        return HttpResponseBadRequest(" ".join(refusal.messages))
    if kind == "prompt":
        get_object_or_404(Prompt, pk=ident)
    elif kind == "entry":
        selectors.own_reflection(author=request.user, pk=ident)
    elif kind == "step" and not selectors.step_context(person=request.user, step_id=ident):
        return HttpResponseBadRequest("This step is not open to you.")
    services.save_draft(author=request.user, body=request.POST.get("body", ""), place=place)
    return HttpResponse(status=204)
