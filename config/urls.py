from django.conf import settings
from django.conf.urls.static import static
from django.contrib import admin
from django.urls import include, path

from dashboards.village_home import village_home
from households.api import service_worker

admin.site.site_header = "Xã Thi Đua – Quản trị"
admin.site.site_title = "Xã Thi Đua"
admin.site.index_title = "Thiết lập tỉnh, xã, đơn vị, tài khoản"
# 503 "Hệ thống đang bận" while the database is away; the 500 page otherwise.
handler500 = "org.middleware.server_error"

urlpatterns = [
    path("", include("org.urls")),
    path("sw.js", service_worker, name="service_worker"),  # root scope: the village pages offline
    # The village head's home (issue 13 item 5): the survey round, weeks due, outbox, returns.
    path("thon/", village_home, name="village_home"),
    path("ke-hoach/", include("campaigns.urls")),
    # The campaign page, its targets and "start from a plan" show indicators: same /ke-hoach/ prefix.
    path("ke-hoach/", include("indicators.urls")),
    # "Lập từ kế hoạch mẫu": the five plans are the demo's data (demo/plan_setup.py says why).
    path("ke-hoach/", include("demo.urls")),
    # The village's weekly report on a phone and its JSON endpoint for the outbox (issue 13 item 4).
    path("bao-cao/thon/", include("reporting.api")),
    path("bao-cao/", include("reporting.urls")),
    # Same /bao-cao/ prefix as before the split: every address people bookmarked keeps working.
    path("bao-cao/", include("dashboards.urls")),
    path("bao-cao/", include("documents.urls")),
    path("ra-soat/", include("households.urls")),
    path("nhac-viec/", include("followup.urls")),
    path("thi-dua/", include("emulation.urls")),
    path("thong-bao/", include("notify.urls")),
    path("quan-tri/", admin.site.urls),
]

if settings.DEBUG:
    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)
