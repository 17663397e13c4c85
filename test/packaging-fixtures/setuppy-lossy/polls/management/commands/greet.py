from django.core.management.base import BaseCommand

from polls.models import Question


class Command(BaseCommand):
    help = "Prints a greeting and the number of questions."

    def handle(self, *args, **options):
        self.stdout.write("hello from polls (%d questions)" % Question.objects.count())
