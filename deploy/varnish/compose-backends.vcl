# The app servers of deploy/compose.yaml, by service name; mounted as backends.vcl.
backend app1 {
    .host = "app1";
    .port = "8000";
    .probe = healthz;
    .first_byte_timeout = 30s;
}

backend app2 {
    .host = "app2";
    .port = "8000";
    .probe = healthz;
    .first_byte_timeout = 30s;
}

# The compose network's private ranges: the app containers purge.
acl purgers {
    "127.0.0.1";
    "10.0.0.0"/8;
    "172.16.0.0"/12;
    "192.168.0.0"/16;
}

sub vcl_init {
    new apps = directors.round_robin();
    apps.add_backend(app1);
    apps.add_backend(app2);
}
