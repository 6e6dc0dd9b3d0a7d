from django.contrib.sitemaps.views import sitemap
from django.urls import path

from . import feeds, views
from .sitemaps import SITEMAPS

app_name = "publishing"

urlpatterns = [
    path("ledger/", views.ledger_list, name="ledger"),
    path("ledger/download.jsonl", views.ledger_download, name="ledger_download"),
    path("ledger/verify/", views.verify, name="verify"),
    path("ledger/items/<int:pk>/", views.verify_item, name="verify_item"),
    path("feeds/rss.xml", feeds.SiteRss(), name="rss"),
    path("feeds/atom.xml", feeds.SiteAtom(), name="atom"),
    path("feeds/c/<slug:slug>/rss.xml", feeds.ColumnRss(), name="column_rss"),
    path("feeds/c/<slug:slug>/atom.xml", feeds.ColumnAtom(), name="column_atom"),
    path("feeds/a/<slug:slug>/rss.xml", feeds.AgencyRss(), name="agency_rss"),
    path("feeds/a/<slug:slug>/atom.xml", feeds.AgencyAtom(), name="agency_atom"),
    path("feeds/d/<int:pk>/rss.xml", feeds.DecisionRss(), name="decision_rss"),
    path("feeds/d/<int:pk>/atom.xml", feeds.DecisionAtom(), name="decision_atom"),
    path("feeds/subscribe/", views.subscribe, name="subscribe"),
    path("feeds/subscribe/confirm/<str:token>/", views.subscribe_confirm, name="subscribe_confirm"),
    path("feeds/unsubscribe/<str:token>/", views.unsubscribe, name="unsubscribe"),
    path("media/interview/", views.interview_form, name="interview"),
    path("media/interview/track/", views.interview_track, name="interview_track"),
    path("staff/media/interviews/", views.staff_interviews, name="staff_interviews"),
    path("staff/media/interviews/<int:pk>/", views.staff_interview, name="staff_interview"),
    path("staff/media/contacts/", views.media_contacts, name="media_contacts"),
    path("staff/media/contacts/<int:pk>/", views.media_contact_edit, name="media_contact_edit"),
    path("staff/media/contacts/<int:pk>/delete/", views.media_contact_delete, name="media_contact_delete"),
    path("sitemap.xml", sitemap, {"sitemaps": SITEMAPS}, name="sitemap"),
    path("robots.txt", views.robots_txt, name="robots"),
    path("staff/outbox/", views.outbox, name="outbox"),
    path("staff/outbox/<int:pk>/retry/", views.delivery_retry, name="delivery_retry"),
    path("staff/outbox/channels/", views.channel_create, name="channel_create"),
    path("staff/api-tokens/", views.api_tokens, name="api_tokens"),
    path("staff/api-tokens/<int:pk>/revoke/", views.api_token_revoke, name="api_token_revoke"),
]
