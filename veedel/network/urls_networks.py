"""Addresses of networks, meetings, minutes, calendar feeds and the network view (German
paths). The namespace "network" is added in veedel/network/urls.py."""

from django.urls import path

from veedel.network import views_meetings as meetings
from veedel.network import views_networks as views

urlpatterns = [
    path("netzwerke/", views.network_list, name="networks"),
    path("netzwerke/neu/", views.network_add, name="network_add"),
    path("netzwerke/<slug:slug>/", views.network_detail, name="network"),
    path("netzwerke/<slug:slug>/bearbeiten/", views.network_edit, name="network_edit"),
    path("netzwerke/<slug:slug>/mitglieder/", views.network_members, name="network_members"),
    path("netzwerke/<slug:slug>/kalender.ics", views.network_ical, name="network_ical"),
    path(
        "netzwerke/<slug:slug>/kalender/neue-adresse/",
        views.network_renew_token,
        name="network_renew_token",
    ),
    path("netzwerke/<slug:slug>/sitzungen/neu/", meetings.meeting_add, name="meeting_add"),
    path("netzwerke/<slug:slug>/sitzungen/<int:pk>/", meetings.meeting_detail, name="meeting"),
    path(
        "netzwerke/<slug:slug>/sitzungen/<int:pk>/bearbeiten/",
        meetings.meeting_edit,
        name="meeting_edit",
    ),
    path(
        "netzwerke/<slug:slug>/sitzungen/<int:pk>/protokoll.pdf",
        meetings.meeting_pdf,
        name="meeting_pdf",
    ),
    path("sozialraeume/<slug:slug>/netzwerk/", views.graph, name="graph"),
    path("aufgaben/<int:pk>/status/", meetings.task_status, name="task_status"),
]
