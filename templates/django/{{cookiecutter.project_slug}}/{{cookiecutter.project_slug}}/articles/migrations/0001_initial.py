"""Create the article table."""

import django.utils.timezone
from django.db import migrations, models


class Migration(migrations.Migration):
    initial = True

    dependencies = []

    operations = [
        migrations.CreateModel(
            name="Article",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("title", models.CharField(max_length=200)),
                (
                    "slug",
                    models.SlugField(
                        help_text="The article's part of its URL.", max_length=200, unique=True
                    ),
                ),
                ("body", models.TextField()),
                (
                    "published_at",
                    models.DateTimeField(
                        db_index=True,
                        default=django.utils.timezone.now,
                        help_text="A time in the future keeps it a draft.",
                    ),
                ),
            ],
            options={
                "ordering": ("-published_at",),
            },
        ),
    ]
