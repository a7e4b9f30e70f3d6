"""Thin views: find (404 for anyone who is not a member), call one service, respond.

Every URL answers 404 to a signed-in person who is not a member of the space, whether
or not the space, thread or post exists. Moderation screens answer 404 to members who
do not look after the space, and ask moderators for their second sign-in step.
"""

from datetime import timedelta

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from irp.accounts.two_step import ask_for_second_step, passed_two_steps

from . import rendering, selectors, services
from .forms import (
    HideForm,
    LockForm,
    MoveForm,
    MuteForm,
    PostForm,
    PreferencesForm,
    ReportForm,
    SearchForm,
    ThreadForm,
)
from .models import PER_PAGE, Post

GET_POST = ["GET", "POST"]


def _posted(request):
    """The submitted data, even when empty (an empty POST is a form with errors)."""
    return request.POST if request.method == "POST" else None


def _page(request, last: int = 10_000) -> int:
    try:
        return max(1, min(int(request.GET.get("page", 1)), last))
    except (TypeError, ValueError):
        return 1


def _space(request, space_id):
    space = selectors.space_for(request.user, space_id)
    if space is None:
        raise Http404("No such space.")
    return space


def _thread(request, thread_id):
    thread = selectors.thread_for(request.user, thread_id)
    if thread is None:
        raise Http404("No such thread.")
    return thread


def _post(request, post_id):
    post = selectors.post_for(request.user, post_id)
    if post is None:
        raise Http404("No such post.")
    return post


def _refuse(form, refusal: ValidationError, field=None):
    for text in refusal.messages:
        form.add_error(field, text)


def _moderator_only(request, space):
    """None when `request.user` may moderate `space` and passed two steps; otherwise
    a 404 (not their space to look after) or the second-step redirect."""
    if not selectors.can_moderate(request.user, space):
        raise Http404("No such page.")
    if not passed_two_steps(request):
        return ask_for_second_step(request)
    return None


def name_of(person) -> str:
    if person is None:
        return "A former member"
    return person.display_name or "A member"


@login_required
@require_safe
def space_list(request):
    return render(
        request,
        "conversations/space_list.html",
        {
            "spaces": selectors.spaces_for(request.user),
            "moderates": bool(selectors.moderated_spaces(request.user)),
        },
    )


@login_required
@require_safe
def space_detail(request, space_id):
    space = _space(request, space_id)
    page = _page(request)
    threads, has_next = selectors.threads_page(space=space, person=request.user, page=page)
    return render(
        request,
        "conversations/space_detail.html",
        {
            "space": space,
            "threads": threads,
            "page": page,
            "has_next": has_next,
            "search_form": SearchForm(),
            "can_moderate": selectors.can_moderate(request.user, space),
        },
    )


@login_required
@require_http_methods(GET_POST)
def guidelines(request, space_id):
    space = _space(request, space_id)
    if request.method == "POST":
        services.accept_guidelines(space=space, person=request.user)
        messages.success(request, "Thank you. You can post in this space now.")
        next_url = request.POST.get("next", "")
        allowed = (f"/conversations/{space.pk}/", "/conversations/threads/")
        return redirect(next_url if next_url.startswith(allowed) else space.get_absolute_url())
    return render(
        request,
        "conversations/guidelines.html",
        {
            "space": space,
            "guidelines_html": rendering.render(space.guidelines),
            "accepted": selectors.has_accepted_guidelines(request.user, space),
            "next": request.GET.get("next", ""),
        },
    )


def _guidelines_first(request, space, here):
    if selectors.has_accepted_guidelines(request.user, space):
        return None
    url = reverse("conversations:guidelines", args=[space.pk])
    return redirect(f"{url}?next={here}")


@login_required
@require_http_methods(GET_POST)
def new_thread(request, space_id):
    space = _space(request, space_id)
    ask = _guidelines_first(request, space, request.path)
    if ask:
        return ask
    form = ThreadForm(_posted(request))
    if request.method == "POST" and form.is_valid():
        try:
            post = services.start_thread(
                space=space,
                person=request.user,
                title=form.cleaned_data["title"],
                body=form.cleaned_data["body"],
            )
        except ValidationError as refusal:
            _refuse(form, refusal)
        else:
            _tell_if_waiting(request, post)
            return redirect(post.thread.get_absolute_url())
    return render(
        request,
        "conversations/thread_form.html",
        {"space": space, "form": form, "mute": selectors.mute_of(request.user, space)},
        status=400 if form.errors else 200,
    )


def _tell_if_waiting(request, post):
    if post.state == Post.State.WAITING:
        messages.info(
            request,
            "Thank you. As this is your first post here, a facilitator will look at it "
            "before others see it. You can see it in the meantime.",
        )
    else:
        messages.success(request, "Your post is up.")


@never_cache
@login_required
@require_safe
def thread_detail(request, thread_id):
    thread = _thread(request, thread_id)
    space = thread.space
    last_page = max(1, (thread.last_number - 1) // PER_PAGE + 1)
    page = _page(request, last_page)
    moderator = selectors.can_moderate(request.user, space)
    posts = selectors.posts_page(thread=thread, person=request.user, page=page, moderator=moderator)
    read_before = thread.last_read or 0
    roles = selectors.roles_named(space, {post.author for post in posts})
    editable_since = timezone.now() - timedelta(minutes=services.EDIT_MINUTES)
    for post in posts:
        post.role_named = roles.get(post.author_id)
        post.editable = post.author_id == request.user.pk and post.created_at > editable_since
    if posts and posts[-1].number > read_before:
        services.mark_read(thread=thread, person=request.user, number=posts[-1].number)
    return render(
        request,
        "conversations/thread_detail.html",
        {
            "thread": thread,
            "space": space,
            "posts": posts,
            "page": page,
            "pages": range(1, last_page + 1) if last_page <= 12 else None,
            "last_page": last_page,
            "read_before": read_before,
            "has_unread": read_before < thread.last_number and read_before > 0,
            "can_moderate": moderator,
            "following": thread.following,
            "form": PostForm() if page == last_page else None,
            "accepted": thread.accepted,
            "me": request.user.pk,
            # Built once: a page of 30 posts would otherwise reverse URLs 150 times.
            "posts_url": reverse("conversations:post", args=[0]).removesuffix("0/"),
            "reply_url": reverse("conversations:reply", args=[thread.pk]),
        },
    )


@login_required
@require_safe
def first_unread(request, thread_id):
    thread = _thread(request, thread_id)
    number = min(selectors.last_read_number(request.user, thread) + 1, max(thread.last_number, 1))
    page = (number - 1) // PER_PAGE + 1
    query = f"?page={page}" if page > 1 else ""
    return redirect(f"{thread.get_absolute_url()}{query}#post-{number}")


@login_required
@require_http_methods(GET_POST)
def reply(request, thread_id):
    thread = _thread(request, thread_id)
    ask = _guidelines_first(request, thread.space, request.get_full_path())
    if ask:
        return ask
    quoted = None
    quote_id = request.GET.get("quote") or request.POST.get("quote")
    if quote_id and str(quote_id).isdigit():
        quoted = selectors.post_for(request.user, int(quote_id))
        if quoted is not None and (quoted.thread_id != thread.pk or not quoted.is_published):
            quoted = None
    initial = {}
    if quoted is not None:
        initial["body"] = rendering.quote(quoted.body, name=name_of(quoted.author))
    form = PostForm(_posted(request), initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            post = services.reply(
                thread=thread, person=request.user, body=form.cleaned_data["body"], quote_of=quoted
            )
        except ValidationError as refusal:
            _refuse(form, refusal)
        else:
            _tell_if_waiting(request, post)
            return redirect(post.get_absolute_url())
    return render(
        request,
        "conversations/reply.html",
        {"thread": thread, "space": thread.space, "form": form, "quoted": quoted},
        status=400 if form.errors else 200,
    )


@login_required
@require_safe
def post_detail(request, post_id):
    return redirect(_post(request, post_id).get_absolute_url())


@login_required
@require_http_methods(GET_POST)
def edit_post(request, post_id):
    post = _post(request, post_id)
    if post.author_id != request.user.pk:
        raise Http404("No such post.")
    form = PostForm(_posted(request), initial={"body": post.body})
    if request.method == "POST" and form.is_valid():
        try:
            services.edit_post(post=post, person=request.user, body=form.cleaned_data["body"])
        except ValidationError as refusal:
            _refuse(form, refusal)
        else:
            messages.success(request, "Your post is changed; it shows that it was edited.")
            return redirect(post.get_absolute_url())
    return render(
        request,
        "conversations/post_edit.html",
        {"post": post, "thread": post.thread, "space": post.thread.space, "form": form},
        status=400 if form.errors else 200,
    )


@login_required
@require_http_methods(GET_POST)
def remove_post(request, post_id):
    post = _post(request, post_id)
    if post.author_id != request.user.pk:
        raise Http404("No such post.")
    if request.method == "POST":
        services.remove_own_post(post=post, person=request.user)
        messages.success(request, "Your post is removed. The thread goes on without it.")
        return redirect(post.get_absolute_url())
    return render(
        request,
        "conversations/post_remove.html",
        {"post": post, "thread": post.thread, "space": post.thread.space},
    )


@login_required
@require_http_methods(GET_POST)
def report_post(request, post_id):
    post = _post(request, post_id)
    form = ReportForm(_posted(request))
    if request.method == "POST" and form.is_valid():
        try:
            services.report_post(post=post, person=request.user, reason=form.cleaned_data["reason"])
        except ValidationError as refusal:
            _refuse(form, refusal, "reason")
        else:
            messages.success(request, "Thank you. A facilitator will look at this post with care.")
            return redirect(post.get_absolute_url())
    return render(
        request,
        "conversations/post_report.html",
        {"post": post, "thread": post.thread, "space": post.thread.space, "form": form},
        status=400 if form.errors else 200,
    )


@login_required
@require_POST
def follow(request, thread_id):
    thread = _thread(request, thread_id)
    following = request.POST.get("following") == "yes"
    services.follow_thread(thread=thread, person=request.user, following=following)
    messages.success(
        request,
        "You follow this thread: its replies come in your digest."
        if following
        else "You no longer follow this thread.",
    )
    return redirect(thread.get_absolute_url())


@login_required
@require_safe
def search(request, space_id):
    space = _space(request, space_id)
    form = SearchForm(request.GET)
    query = form.cleaned_data["q"] if form.is_valid() else ""
    results = selectors.search(space=space, person=request.user, query=query) if query else []
    return render(
        request,
        "conversations/search.html",
        {"space": space, "form": form, "query": query, "results": results},
        status=400 if form.errors else 200,
    )


@login_required
@require_http_methods(GET_POST)
def preferences(request):
    current = selectors.preferences_of(request.user)
    form = PreferencesForm(_posted(request), instance=current)
    if request.method == "POST" and form.is_valid():
        services.set_preferences(
            person=request.user,
            digest=form.cleaned_data["digest"],
            on_erasure=form.cleaned_data["on_erasure"],
        )
        messages.success(request, "Your choices are saved.")
        return redirect("conversations:settings")
    return render(
        request, "conversations/preferences.html", {"form": form},
        status=400 if form.errors else 200,
    )  # fmt: skip


@csrf_exempt  # RFC 8058: mail clients POST without a form token; the signed link is the proof
@require_http_methods(GET_POST)
def unsubscribe(request, token):
    if request.method == "POST":
        try:
            services.unsubscribe(token=token)
        except ValidationError:
            return render(request, "conversations/unsubscribe.html", {"invalid": True}, status=400)
        if request.POST.get("List-Unsubscribe") == "One-Click":
            return HttpResponse("You will receive no more conversation digests.\n",
                                content_type="text/plain; charset=utf-8")  # fmt: skip
        return render(request, "conversations/unsubscribe.html", {"done": True})
    return render(request, "conversations/unsubscribe.html", {"token": token})


# Moderation -------------------------------------------------------------------------


@login_required
@require_safe
def moderation_queue(request):
    if not selectors.moderated_spaces(request.user):
        raise Http404("No such page.")
    if not passed_two_steps(request):
        return ask_for_second_step(request)
    return render(
        request,
        "conversations/moderation_queue.html",
        {
            "reports": selectors.report_queue(request.user),
            "waiting": selectors.waiting_posts(request.user),
        },
    )


def _moderate_post(request, post_id, *, form_class, act, template, done):
    post = _post(request, post_id)
    space = post.thread.space
    refusal = _moderator_only(request, space)
    if refusal:
        return refusal
    form = form_class(_posted(request)) if form_class else None
    if request.method == "POST" and (form is None or form.is_valid()):
        try:
            act(post, form.cleaned_data if form else {})
        except ValidationError as no:
            if form is None:
                messages.error(request, " ".join(no.messages))
                return redirect("conversations:moderation")
            _refuse(form, no)
        except PermissionDenied:
            raise Http404("No such page.") from None
        else:
            messages.success(request, done)
            return redirect((request.POST.get("back") == "queue" and reverse(
                "conversations:moderation")) or post.get_absolute_url())  # fmt: skip
    return render(
        request,
        template,
        {"post": post, "thread": post.thread, "space": space, "form": form},
        status=400 if form is not None and form.errors else 200,
    )


@login_required
@require_http_methods(GET_POST)
def hide_post(request, post_id):
    return _moderate_post(
        request, post_id, form_class=HideForm, template="conversations/moderate_hide.html",
        act=lambda post, data: services.hide_post(
            post=post, actor=request.user, reason=data["reason"]),
        done="The post is hidden and its author has been told why.",
    )  # fmt: skip


@login_required
@require_http_methods(GET_POST)
def decline_post(request, post_id):
    return _moderate_post(
        request, post_id, form_class=HideForm, template="conversations/moderate_hide.html",
        act=lambda post, data: services.decline_post(
            post=post, actor=request.user, reason=data["reason"]),
        done="The post will not be published; its author has been told why.",
    )  # fmt: skip


@login_required
@require_POST
def approve_post(request, post_id):
    return _moderate_post(
        request, post_id, form_class=None, template="",
        act=lambda post, data: services.approve_post(post=post, actor=request.user),
        done="The post is published.",
    )  # fmt: skip


@login_required
@require_POST
def dismiss_reports(request, post_id):
    return _moderate_post(
        request, post_id, form_class=None, template="",
        act=lambda post, data: services.dismiss_reports(post=post, actor=request.user),
        done="The reports on this post are closed.",
    )  # fmt: skip


@login_required
@require_http_methods(GET_POST)
def mute_author(request, post_id):
    return _moderate_post(
        request, post_id, form_class=MuteForm, template="conversations/moderate_mute.html",
        act=lambda post, data: services.mute_member(
            space=post.thread.space, person=post.author, actor=request.user,
            days=data["days"], reason=data["reason"]),
        done="The member is muted in this space and has been told why.",
    )  # fmt: skip


@login_required
@require_POST
def lock_thread(request, thread_id):
    thread = _thread(request, thread_id)
    refusal = _moderator_only(request, thread.space)
    if refusal:
        return refusal
    form = LockForm(request.POST)
    reason = form.cleaned_data["reason"] if form.is_valid() else ""
    locked = request.POST.get("locked") == "yes"
    services.lock_thread(thread=thread, actor=request.user, locked=locked, reason=reason)
    messages.success(request, "The thread is locked." if locked else "The thread is open again.")
    return redirect(thread.get_absolute_url())


@login_required
@require_http_methods(GET_POST)
def move_thread(request, thread_id):
    thread = _thread(request, thread_id)
    refusal = _moderator_only(request, thread.space)
    if refusal:
        return refusal
    targets = [s for s in selectors.moderated_spaces(request.user) if s.pk != thread.space_id]
    form = MoveForm(_posted(request), spaces=targets)
    if request.method == "POST" and form.is_valid():
        to_space = next(s for s in targets if s.pk == form.cleaned_data["to_space"])
        try:
            services.move_thread(thread=thread, actor=request.user, to_space=to_space,
                                 reason=form.cleaned_data["reason"])  # fmt: skip
        except ValidationError as refusal:
            _refuse(form, refusal)
        else:
            messages.success(request, f"The thread is now in “{to_space.name}”.")
            return redirect(thread.get_absolute_url())
    return render(
        request,
        "conversations/moderate_move.html",
        {"thread": thread, "space": thread.space, "form": form, "targets": targets},
        status=400 if form.errors else 200,
    )
