import pandas as pd
from django.shortcuts import render


def index(request):
    frame = pd.DataFrame({"month": ["Jan", "Feb", "Mar"], "sales": [120, 95, 143]})
    return render(request, "reports/index.html", {"total": int(frame["sales"].sum())})
