from django.urls import path

from . import views

app_name = "conversations"

urlpatterns = [
    path("", views.space_list, name="spaces"),
    path("settings/", views.preferences, name="settings"),
    path("unsubscribe/<str:token>/", views.unsubscribe, name="unsubscribe"),
    path("moderation/", views.moderation_queue, name="moderation"),
    path("<int:space_id>/", views.space_detail, name="space"),
    path("<int:space_id>/guidelines/", views.guidelines, name="guidelines"),
    path("<int:space_id>/new/", views.new_thread, name="new_thread"),
    path("<int:space_id>/search/", views.search, name="search"),
    path("threads/<int:thread_id>/", views.thread_detail, name="thread"),
    path("threads/<int:thread_id>/unread/", views.first_unread, name="first_unread"),
    path("threads/<int:thread_id>/reply/", views.reply, name="reply"),
    path("threads/<int:thread_id>/follow/", views.follow, name="follow"),
    path("threads/<int:thread_id>/lock/", views.lock_thread, name="lock"),
    path("threads/<int:thread_id>/move/", views.move_thread, name="move"),
    path("posts/<int:post_id>/", views.post_detail, name="post"),
    path("posts/<int:post_id>/edit/", views.edit_post, name="edit"),
    path("posts/<int:post_id>/remove/", views.remove_post, name="remove"),
    path("posts/<int:post_id>/report/", views.report_post, name="report"),
    path("posts/<int:post_id>/hide/", views.hide_post, name="hide"),
    path("posts/<int:post_id>/decline/", views.decline_post, name="decline"),
    path("posts/<int:post_id>/approve/", views.approve_post, name="approve"),
    path("posts/<int:post_id>/dismiss/", views.dismiss_reports, name="dismiss"),
    path("posts/<int:post_id>/mute/", views.mute_author, name="mute"),
]
