from . import clock


def pmm(request):
    return {"sim_now": clock.now(), "sim_today": clock.today()}
