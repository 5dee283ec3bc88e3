"""One module per resource; `service.app` includes their routers."""
