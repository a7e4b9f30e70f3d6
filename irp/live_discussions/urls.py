from django.urls import path

from . import views

app_name = "live_discussions"

urlpatterns = [
    path("", views.session_list, name="upcoming"),
    path("mine/", views.mine, name="mine"),
    path("calendar/", views.calendar_feed, name="calendar_feed"),
    path("calendar/<str:token>.ics", views.feed, name="feed"),
    path("places/<str:token>/cant-come/", views.cant_come, name="cant_come"),
    path("facilitate/", views.facilitated, name="facilitated"),
    path("facilitate/<int:session_id>/", views.attendees, name="attendees"),
    path("facilitate/<int:session_id>/people.csv", views.attendees_csv, name="attendees_csv"),
    path("facilitate/<int:session_id>/message/", views.send_message, name="send_message"),
    path("<int:session_id>/", views.session_detail, name="session"),
    path("<int:session_id>/register/", views.register, name="register"),
    path("<int:session_id>/cancel/", views.cancel, name="cancel"),
    path("<int:session_id>/reminders/", views.reminders, name="reminders"),
    path("<int:session_id>/calendar.ics", views.session_calendar, name="session_ics"),
]
