"""Django's PostgreSQL backend, with a health check that costs no round trip when idle.

With CONN_HEALTH_CHECKS, Django sends `SELECT 1` before the first query of every
request, to find connections the server closed (a restart, a failover) and open new
ones instead of failing the request. That is one extra round trip per request.

Here the check first looks at the connection's socket without waiting. Between
requests the server sends nothing on an idle connection; a server that closes one
sends an error and then end-of-file, which makes the socket readable. So a socket with
nothing to read is taken as healthy at once, and only a readable one gets Django's
own `SELECT 1` check (which closes it if it fails, so the request reconnects).
"""

import select

from django.db.backends.postgresql import base


class DatabaseWrapper(base.DatabaseWrapper):
    def close_if_health_check_failed(self):
        if (
            not self.pool
            and self.connection is not None
            and self.health_check_enabled
            and not self.health_check_done
            and not self._server_has_spoken()
        ):
            self.health_check_done = True
            return
        super().close_if_health_check_failed()

    def _server_has_spoken(self) -> bool:
        """True if the server sent anything on this idle connection (or it is gone)."""
        try:
            readable, _, _ = select.select([self.connection.pgconn.socket], [], [], 0)
        except (OSError, ValueError, base.Database.Error):
            return True
        return bool(readable)
