from __future__ import annotations

from django.urls import path

from backoffice import feed, operators, views

app_name = "backoffice"
urlpatterns = [
    path("", views.inbox, name="inbox"),
    path("tiep-nhan/moi/", views.intake, name="intake"),
    path("vi-pham/", views.late_dossiers, name="violations"),
    path("dieu-chinh-du-lieu/", views.correction_list, name="corrections"),
    # Operators' page of sent messages (notifications)
    path("thong-bao-da-gui/", operators.sent_units, name="sent_units"),
    path("thong-bao-da-gui/<int:unit_id>/", operators.sent_messages, name="sent_messages"),
    path("thong-bao-da-gui/tin/<int:pk>/", operators.sent_message, name="sent_message"),
    path("thong-bao-da-gui/tin/<int:pk>/gui-lai/", operators.resend_message, name="resend_message"),
    # Message centre (notifications)
    path("bang-tin/", feed.feed, name="feed"),
    path("bang-tin/<int:pk>/da-doc/", feed.mark_read, name="feed_read"),
    path("bang-tin/da-doc-tat-ca/", feed.mark_all_read, name="feed_read_all"),
    path("ho-so/<str:code>/", views.dossier_page, name="dossier"),
    path("ho-so/<str:code>/tep/<int:component_id>/", views.dossier_file, name="file"),
    path("ho-so/<str:code>/phieu/<int:slip_id>/", views.slip_pdf, name="slip"),
    path("ho-so/<str:code>/so-hoa/<int:component_id>/", views.digitize, name="digitize"),
    path("ho-so/<str:code>/phieu-kiem-soat/", views.control_slip, name="control_slip"),
    path("ho-so/<str:code>/dieu-chinh-du-lieu/", views.file_correction, name="file_correction"),
    path("ho-so/<str:code>/van-ban/<str:document_code>/", views.issued_pdf, name="document"),
    path("ho-so/<str:code>/sua-to-khai/", views.correct_declaration, name="correct_declaration"),
    path("ho-so/<str:code>/<str:action>/", views.dossier_action, name="action"),
]
