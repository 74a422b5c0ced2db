from __future__ import annotations

from django.core.exceptions import ValidationError
from django.test import TestCase

from core.testing import create_unit
from units.models import GovernmentUnit


class UnitTreeTestCase(TestCase):
    """GovernmentUnit.path is the materialised list of ancestor ids, kept by save()."""

    def test_it_gives_a_top_level_unit_its_own_id_as_path(self) -> None:
        city = create_unit()
        self.assertEqual(city.path, f"/{city.pk}/")

    def test_it_stores_the_path_in_the_database(self) -> None:
        city = create_unit()
        stored = GovernmentUnit.objects.values_list("path", flat=True).get(pk=city.pk)
        self.assertEqual(stored, f"/{city.pk}/")

    def test_it_prefixes_a_new_unit_path_with_its_ancestors(self) -> None:
        city = create_unit()
        centre = create_unit(parent=city)
        branch = create_unit(parent=centre)
        branch.refresh_from_db()
        self.assertEqual(branch.path, f"/{city.pk}/{centre.pk}/{branch.pk}/")

    def test_it_rewrites_the_path_of_a_moved_unit(self) -> None:
        city = create_unit()
        other_city = create_unit()
        centre = create_unit(parent=city)
        centre.parent = other_city
        centre.save()
        centre.refresh_from_db()
        self.assertEqual(centre.path, f"/{other_city.pk}/{centre.pk}/")

    def test_it_re_roots_the_whole_subtree_of_a_moved_unit(self) -> None:
        city = create_unit()
        other_city = create_unit()
        centre = create_unit(parent=city)
        branch = create_unit(parent=centre)
        desk = create_unit(parent=branch)
        centre.parent = other_city
        centre.save()
        branch.refresh_from_db()
        desk.refresh_from_db()
        self.assertEqual(branch.path, f"/{other_city.pk}/{centre.pk}/{branch.pk}/")
        self.assertEqual(desk.path, f"/{other_city.pk}/{centre.pk}/{branch.pk}/{desk.pk}/")

    def test_it_re_roots_a_subtree_moved_to_the_top_level(self) -> None:
        city = create_unit()
        centre = create_unit(parent=city)
        branch = create_unit(parent=centre)
        centre.parent = None
        centre.save()
        branch.refresh_from_db()
        self.assertEqual(branch.path, f"/{centre.pk}/{branch.pk}/")

    def test_it_leaves_units_outside_the_moved_subtree_alone(self) -> None:
        city = create_unit()
        other_city = create_unit()
        centre = create_unit(parent=city)
        sibling = create_unit(parent=city)
        centre.parent = other_city
        centre.save()
        sibling.refresh_from_db()
        self.assertEqual(sibling.path, f"/{city.pk}/{sibling.pk}/")

    def test_it_keeps_the_path_when_saving_with_update_fields(self) -> None:
        city = create_unit()
        centre = create_unit(parent=city)
        centre.name = "Tên mới"
        centre.save(update_fields=["name"])
        centre.refresh_from_db()
        self.assertEqual((centre.name, centre.path), ("Tên mới", f"/{city.pk}/{centre.pk}/"))

    def test_it_cleans_the_name_on_save(self) -> None:
        unit = create_unit(name="  Trung tâm   Phục vụ  ")
        unit.refresh_from_db()
        self.assertEqual(unit.name, "Trung tâm Phục vụ")

    def test_subtree_holds_the_unit_and_all_its_descendants(self) -> None:
        city = create_unit()
        centre = create_unit(parent=city)
        branch = create_unit(parent=centre)
        create_unit()  # another tree
        self.assertEqual(set(centre.subtree()), {centre, branch})
        self.assertEqual(set(city.subtree()), {city, centre, branch})

    def test_subtree_does_not_mistake_an_id_prefix_for_an_ancestor(self) -> None:
        # "/910001/" must not match "/9100012/": the trailing slash is part of the prefix.
        unit = create_unit(id=910_001)
        create_unit(id=9_100_012)
        self.assertEqual(list(unit.subtree()), [unit])

    def test_subtree_follows_a_move(self) -> None:
        city = create_unit()
        other_city = create_unit()
        centre = create_unit(parent=city)
        branch = create_unit(parent=centre)
        centre.parent = other_city
        centre.save()
        self.assertEqual(set(other_city.subtree()), {other_city, centre, branch})
        self.assertEqual(set(city.subtree()), {city})

    def test_clean_refuses_the_unit_itself_as_parent(self) -> None:
        unit = create_unit()
        unit.parent = unit
        with self.assertRaises(ValidationError) as caught:
            unit.clean()
        self.assertIn("parent", caught.exception.message_dict)

    def test_clean_refuses_a_child_as_parent(self) -> None:
        city = create_unit()
        centre = create_unit(parent=city)
        city.parent = centre
        with self.assertRaises(ValidationError) as caught:
            city.clean()
        self.assertIn("parent", caught.exception.message_dict)

    def test_clean_refuses_a_deeper_descendant_as_parent(self) -> None:
        city = create_unit()
        centre = create_unit(parent=city)
        branch = create_unit(parent=centre)
        city.parent = branch
        with self.assertRaises(ValidationError) as caught:
            city.full_clean()
        self.assertEqual(
            caught.exception.message_dict["parent"],
            ["Đơn vị cấp trên không được là chính nó hoặc đơn vị cấp dưới."],
        )

    def test_clean_accepts_a_unit_of_another_tree_as_parent(self) -> None:
        city = create_unit()
        centre = create_unit(parent=city)
        other_city = create_unit()
        centre.parent = other_city
        centre.full_clean()  # does not raise

    def test_clean_accepts_a_sibling_as_parent(self) -> None:
        city = create_unit()
        centre = create_unit(parent=city)
        sibling = create_unit(parent=city)
        centre.parent = sibling
        centre.full_clean()  # does not raise
