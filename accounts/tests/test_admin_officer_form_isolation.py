from __future__ import annotations

from django.contrib import admin
from django.test import RequestFactory
from django.urls import reverse

from accounts.models import Role, User
from core.testing import UnitTreeTestCase, create_officer


class OfficerFormIsolationTestCase(UnitTreeTestCase):
    def form_for(self, user: User) -> type:
        request = RequestFactory().get("/")
        request.user = user
        model_admin = admin.site._registry[User]
        return model_admin.get_form(request, None)

    def test_each_administrator_gets_their_own_unit_choices(self) -> None:
        other = create_officer(self.commune, roles=(Role.UNIT_ADMIN,))
        mine = self.form_for(self.admin)
        self.form_for(other)  # built for another administrator in between
        choices = set(mine().fields["unit"].queryset.values_list("pk", flat=True))
        self.assertEqual(choices, {self.centre.pk, self.branch.pk})

    def test_the_add_page_of_a_superuser_has_no_roles_inline(self) -> None:
        root = User.objects.create_superuser(
            "root", "root@example.vn", "pw-root-1234", full_name="Root", kind="officer"
        )
        self.client.force_login(root)
        response = self.client.get(reverse("admin:accounts_user_add"))
        self.assertNotContains(response, "memberships-TOTAL_FORMS")
