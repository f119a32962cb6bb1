from django.db import migrations


def load(apps, schema_editor):
    from gongkai.publishing.themes import DEFAULT_THEMES

    Theme = apps.get_model("publishing", "Theme")
    for order, (code, name, children) in enumerate(DEFAULT_THEMES):
        parent, _ = Theme.objects.get_or_create(
            code=code, defaults={"name": name, "sort_order": order}
        )
        for i, child in enumerate(children, start=1):
            Theme.objects.get_or_create(
                code=f"{code}.{i:02d}",
                defaults={"name": child, "parent": parent, "sort_order": i},
            )


def unload(apps, schema_editor):
    from gongkai.publishing.themes import DEFAULT_THEMES

    Theme = apps.get_model("publishing", "Theme")
    codes = [code for code, _, _ in DEFAULT_THEMES]
    Theme.objects.filter(parent__code__in=codes).delete()
    Theme.objects.filter(code__in=codes).delete()


class Migration(migrations.Migration):
    dependencies = [("publishing", "0001_initial")]
    operations = [migrations.RunPython(load, unload)]
