"""Seeds the kinds of waste (DOMAIN: the usual 7 + 1 of lean practice); the authorised body edits
them in the admin afterwards."""

from django.db import migrations

WASTE_TYPES = [
    (1, "Перепроизводство", "Готовим больше, чем нужно: лишние копии, справки «на всякий случай», отчёты, которые никто не читает."),
    (2, "Ожидание", "Заявитель или документ ждёт: очередь, ответ на запрос, подпись руководителя."),
    (3, "Лишняя транспортировка", "Документы ходят между кабинетами и зданиями, пересылка бумажных дел курьером."),
    (4, "Лишние этапы обработки", "Повторный ввод одних и тех же данных, лишние согласования и проверки."),
    (5, "Излишние запасы", "Накопившиеся заявления в работе, запасы бланков, дубли в архиве."),
    (6, "Лишние перемещения", "Сотрудник ходит к принтеру и в архив, ищет папку; заявитель ходит из кабинета в кабинет."),
    (7, "Дефекты и переделка", "Ошибки в документах, возврат на доработку, повторная подача заявления."),
    (8, "Нереализованный потенциал сотрудников", "Специалист делает работу ниже своей квалификации, идеи сотрудников не используются."),
]


def seed(apps, schema_editor):
    WasteType = apps.get_model("maps", "WasteType")
    for number, name, hint in WASTE_TYPES:
        WasteType.objects.get_or_create(number=number, defaults={"name": name, "hint": hint})


class Migration(migrations.Migration):
    dependencies = [("maps", "0001_initial")]

    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
