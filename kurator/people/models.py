"""Persons, families (households), memberships, relations between persons, family links."""

from __future__ import annotations

from decimal import Decimal

from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from kurator.people.names import normalize_name


class Sex(models.TextChoices):
    FEMALE = "F", _("женский")
    MALE = "M", _("мужской")


class FamilyRole(models.TextChoices):
    PARENT = "parent", _("родитель")
    CHILD = "child", _("ребёнок")
    GUARDIAN = "guardian", _("опекун")
    RELATIVE = "relative", _("родственник")
    OTHER = "other", _("другое")


class Family(models.Model):
    organisation = models.ForeignKey(
        "accounts.Organisation",
        on_delete=models.PROTECT,
        related_name="families",
        verbose_name=_("организация"),
    )
    team = models.ForeignKey(
        "accounts.Team",
        on_delete=models.PROTECT,
        related_name="families",
        verbose_name=_("команда"),
    )
    name = models.CharField(
        _("название семьи"), max_length=200, help_text=_("Обычно фамилия: «Ивановы».")
    )
    address = models.CharField(_("адрес"), max_length=500, blank=True)
    distance_km = models.DecimalField(
        _("расстояние до офиса команды, км по дороге"),
        max_digits=6,
        decimal_places=1,
        null=True,
        blank=True,
        validators=[MinValueValidator(Decimal(0))],
    )
    notes = models.TextField(_("заметки"), blank=True)
    created_at = models.DateTimeField(_("создана"), auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("кто создал"),
    )
    # Normalised copies (lower case, ё → е) for the family search: SQLite's LIKE folds the case
    # of ASCII letters only, so Cyrillic search compares these instead of the typed text.
    search_name = models.CharField(max_length=200, editable=False, db_index=True, default="")
    search_address = models.CharField(max_length=500, editable=False, default="")

    class Meta:
        verbose_name = _("семья")
        verbose_name_plural = _("семьи")
        ordering = ["name", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(distance_km__gte=0) | models.Q(distance_km__isnull=True),
                name="people_family_distance_not_negative",
            )
        ]

    def __str__(self) -> str:
        return self.name

    def save(self, *args: object, **kwargs: object) -> None:
        self.search_name = normalize_name(self.name)
        self.search_address = normalize_name(self.address)
        super().save(*args, **kwargs)  # type: ignore[arg-type]


class Person(models.Model):
    organisation = models.ForeignKey(
        "accounts.Organisation",
        on_delete=models.PROTECT,
        related_name="persons",
        verbose_name=_("организация"),
    )
    last_name = models.CharField(_("фамилия"), max_length=150)
    first_name = models.CharField(_("имя"), max_length=150)
    middle_name = models.CharField(_("отчество"), max_length=150, blank=True)
    birth_date = models.DateField(_("дата рождения"), null=True, blank=True)
    sex = models.CharField(_("пол"), max_length=1, choices=Sex.choices, blank=True)
    phones = models.CharField(_("телефоны"), max_length=200, blank=True)
    address = models.CharField(_("адрес"), max_length=500, blank=True)
    notes = models.TextField(_("заметки"), blank=True)
    created_at = models.DateTimeField(_("создан"), auto_now_add=True)
    # The team of whoever recorded her: while she belongs to no family (a child named in a
    # signal before the household is known) only that team sees her (access.persons_visible_to).
    team = models.ForeignKey(
        "accounts.Team",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("команда, записавшая человека"),
    )
    # Normalised copies for search and duplicate detection (lower case, ё → е).
    search_last = models.CharField(max_length=150, editable=False, default="")
    search_first = models.CharField(max_length=150, editable=False, default="")
    search_middle = models.CharField(max_length=150, editable=False, default="")

    class Meta:
        verbose_name = _("человек")
        verbose_name_plural = _("люди")
        ordering = ["last_name", "first_name", "middle_name", "pk"]
        indexes = [
            # The duplicate check and the family search look people up by normalised surname
            # (and name) within one organisation.
            models.Index(
                fields=["organisation", "search_last", "search_first"],
                name="people_person_search_idx",
            ),
            models.Index(
                fields=["organisation", "search_first", "search_last"],
                name="people_person_first_idx",
            ),
            models.Index(fields=["organisation", "birth_date"], name="people_person_birth_idx"),
        ]

    def __str__(self) -> str:
        return self.full_name

    def save(self, *args: object, **kwargs: object) -> None:
        self.search_last = normalize_name(self.last_name)
        self.search_first = normalize_name(self.first_name)
        self.search_middle = normalize_name(self.middle_name)
        super().save(*args, **kwargs)  # type: ignore[arg-type]

    @property
    def full_name(self) -> str:
        return " ".join(p for p in (self.last_name, self.first_name, self.middle_name) if p)


class FamilyMembership(models.Model):
    family = models.ForeignKey(
        Family, on_delete=models.CASCADE, related_name="memberships", verbose_name=_("семья")
    )
    person = models.ForeignKey(
        Person, on_delete=models.CASCADE, related_name="memberships", verbose_name=_("человек")
    )
    role = models.CharField(_("роль в семье"), max_length=20, choices=FamilyRole.choices)

    class Meta:
        verbose_name = _("член семьи")
        verbose_name_plural = _("члены семьи")
        constraints = [
            models.UniqueConstraint(
                fields=["family", "person"], name="people_membership_once_per_family"
            )
        ]

    def __str__(self) -> str:
        return f"{self.person} ({self.get_role_display()})"


class PersonRelation(models.Model):
    """A directed relation: ``relative`` is the ``kind`` of ``person`` (e.g. mother of)."""

    class Kind(models.TextChoices):
        MOTHER = "mother", _("мать")
        FATHER = "father", _("отец")
        CHILD = "child", _("ребёнок")
        SIBLING = "sibling", _("брат или сестра")
        GRANDPARENT = "grandparent", _("бабушка или дедушка")
        SPOUSE = "spouse", _("супруг(а) или партнёр")
        GUARDIAN = "guardian", _("опекун")
        OTHER = "other", _("другое")

    person = models.ForeignKey(
        Person, on_delete=models.CASCADE, related_name="relations", verbose_name=_("человек")
    )
    relative = models.ForeignKey(
        Person, on_delete=models.CASCADE, related_name="+", verbose_name=_("родственник")
    )
    kind = models.CharField(_("кем приходится"), max_length=20, choices=Kind.choices)
    note = models.CharField(_("примечание"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("родственная связь")
        verbose_name_plural = _("родственные связи")
        constraints = [
            models.UniqueConstraint(
                fields=["person", "relative", "kind"], name="people_relation_unique"
            ),
            models.CheckConstraint(
                condition=~models.Q(person=models.F("relative")),
                name="people_relation_not_self",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.relative} — {self.get_kind_display()} — {self.person}"


class FamilyLink(models.Model):
    """Related households (e.g. an abandoned child's foster family and the birth parents)."""

    family = models.ForeignKey(
        Family, on_delete=models.CASCADE, related_name="links", verbose_name=_("семья")
    )
    related_family = models.ForeignKey(
        Family, on_delete=models.CASCADE, related_name="+", verbose_name=_("связанная семья")
    )
    note = models.CharField(_("чем связаны"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("связь семей")
        verbose_name_plural = _("связи семей")
        constraints = [
            models.UniqueConstraint(
                fields=["family", "related_family"], name="people_family_link_unique"
            ),
            models.CheckConstraint(
                condition=~models.Q(family=models.F("related_family")),
                name="people_family_link_not_self",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.family} ↔ {self.related_family}"
