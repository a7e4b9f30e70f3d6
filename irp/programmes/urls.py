from django.urls import path

from . import views

app_name = "programmes"

# Each programme's public page (/programmes/<slug>/) is a Wagtail page.
urlpatterns = [
    path("", views.index, name="index"),
    path("mine/", views.mine, name="mine"),
    path("apply/<int:cohort_id>/", views.apply, name="apply"),
    path("mine/<int:cohort_id>/", views.member_cohort, name="member_cohort"),
    path("mine/<int:cohort_id>/pause/", views.pause, name="pause"),
    path("mine/<int:cohort_id>/leave/", views.leave, name="leave"),
    path("mine/<int:cohort_id>/emails/", views.weekly_email, name="weekly_email"),
    path("mine/<int:cohort_id>/steps/<int:step_id>/", views.step, name="step"),
    path("mine/<int:cohort_id>/steps/<int:step_id>/taken/", views.mark_taken, name="taken"),
    path("mine/<int:cohort_id>/steps/<int:step_id>/share/", views.share, name="share"),
    path("cohorts/<int:cohort_id>/", views.facilitate, name="cohort"),
    path("cohorts/<int:cohort_id>/message/", views.message, name="message"),
    path("cohorts/<int:cohort_id>/shared/<int:share_id>/reply/", views.reply, name="reply"),
]
