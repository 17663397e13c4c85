from django.shortcuts import render
from django.utils.translation import gettext as _

from .models import Question


def index(request):
    return render(
        request,
        "polls/index.html",
        {"greeting": _("Welcome to the polls"), "question_count": Question.objects.count()},
    )
