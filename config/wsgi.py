import gc
import os

from django.core.wsgi import get_wsgi_application
from django.urls import get_resolver

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
application = get_wsgi_application()

# The URL map (and with it every view module) loaded now, then everything start-up built frozen: it
# lives as long as the worker, and the garbage collector's full passes stop walking it. Measured on
# the op-ed board at the full data set: such a pass stopped one request in ten for up to 170 ms
# before, 45 ms after, and the mean request went from 69 to 58 ms.
get_resolver().url_patterns  # noqa: B018 (loads the URL map)
gc.freeze()
