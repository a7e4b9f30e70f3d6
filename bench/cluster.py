"""The whole production topology on loopback, started, checked healthy and torn down.

    uv run python bench/cluster.py [--keep] [--apps 2] [--workers 2]

Starts, each on a free port of 127.0.0.1:

- a fresh PostgreSQL server of its own (initdb in a temporary folder), so faults can
  stop and start it without touching any other database;
- Redis, the shared cache (rate limits, the page cache);
- an S3-compatible server (moto's server mode) with a media bucket;
- two gunicorn app servers (deploy/systemd/irp-web@.service does the same);
- two task workers (`irp worker`) on the database queue;
- Varnish in front, with deploy/varnish/default.vcl (its backends' ports replaced).

The database is migrated and loaded with the demo content; the Wagtail site answers
at the front's address, which publishing purges. Without `--keep` it waits until every
part is healthy, prints the front's address and tears everything down; with `--keep` it
stays up until interrupted (Ctrl-C). `Cluster` is what the cluster tests and
bench/scale.py use.
"""

import argparse
import contextlib
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

BENCH_DIR = Path(__file__).resolve().parent
ROOT = BENCH_DIR.parent
sys.path[:0] = [str(BENCH_DIR)]

from support import free_port, wait_for  # noqa: E402

POSTGRES_BIN = Path(os.environ.get("IRP_POSTGRES_BIN", "")) or None
BUCKET = "irp-media"
S3_KEYS = {"AWS_ACCESS_KEY_ID": "cluster", "AWS_SECRET_ACCESS_KEY": "cluster-secret"}
# Fixed for the cluster only: a throwaway key ring for its throwaway database.
REFLECTION_KEY = "kE2l5o6mY9y8a1Qy3nq0wV0f8U2pR7dA4tX6zB1cH3k="


def _postgres_bin() -> Path:
    if POSTGRES_BIN and (POSTGRES_BIN / "initdb").exists():
        return POSTGRES_BIN
    versions = sorted(Path("/usr/lib/postgresql").glob("*/bin/initdb"))
    if not versions:
        raise SystemExit("PostgreSQL's server programs are needed (apt-get install postgresql)")
    return versions[-1].parent


def _as_postgres(command: list[str]) -> list[str]:
    """PostgreSQL refuses to run as root: run its programs as the postgres user then."""
    if os.geteuid() == 0:
        return ["runuser", "-u", "postgres", "--", *command]
    return command


def _sbin(name: str) -> str:
    return shutil.which(name) or f"/usr/sbin/{name}"


class Cluster:
    """The topology; `start()` returns once every part answers, `stop()` ends them all."""

    def __init__(self, apps: int = 2, workers: int = 2, gunicorn_workers: int = 2):
        self.apps = apps
        self.workers = workers
        self.gunicorn_workers = gunicorn_workers
        self.folder = Path(tempfile.mkdtemp(prefix="irp-cluster-"))
        os.chmod(self.folder, 0o755)
        self.pg_port = free_port()
        self.redis_port = free_port()
        self.s3_port = free_port()
        self.front_port = free_port()
        self.app_ports = [free_port() for _ in range(apps)]
        self.processes: dict[str, subprocess.Popen] = {}
        # app index -> the loopback ports its gunicorn workers serve metrics on
        self.metrics_ports: dict[int, range] = {}
        self.pg_data = self.folder / "postgres"
        self.varnish_dir = self.folder / "varnish"
        self.log = open(self.folder / "cluster.log", "ab")  # noqa: SIM115 (kept open)

    # --- addresses -----------------------------------------------------------------

    @property
    def front(self) -> str:
        return f"http://127.0.0.1:{self.front_port}"

    def app(self, index: int) -> str:
        return f"http://127.0.0.1:{self.app_ports[index]}"

    @property
    def database_url(self) -> str:
        return f"postgres://postgres@127.0.0.1:{self.pg_port}/irp"

    @property
    def s3_url(self) -> str:
        return f"http://127.0.0.1:{self.s3_port}"

    def env(self, **more) -> dict:
        """The environment every app process gets, as a deployment's would."""
        return {
            **{k: v for k, v in os.environ.items() if not k.startswith("DJANGO_")},
            "DJANGO_SETTINGS_MODULE": "irp.settings.base",
            "DEBUG": "off",
            "SECRET_KEY": "cluster-" + "k" * 60,
            "DATABASE_URL": self.database_url,
            "CACHE_URL": f"redis://127.0.0.1:{self.redis_port}/0",
            "ALLOWED_HOSTS": "127.0.0.1,localhost",
            "SITE_URL": self.front,
            "IRP_DATA_DIR": str(self.folder / "data"),
            "IRP_STATIC_ROOT": str(self.folder / "static"),
            "REFLECTION_KEYS": REFLECTION_KEY,
            "FRONTEND_CACHE_URLS": self.front,
            "TRUSTED_PROXY_COUNT": "1",
            "MEDIA_S3_BUCKET": BUCKET,
            "AWS_S3_ENDPOINT_URL": self.s3_url,
            "AWS_S3_REGION_NAME": "us-east-1",
            **S3_KEYS,
            "LOG_FORMAT": "json",
            "EMAIL_URL": os.environ.get("CLUSTER_EMAIL_URL", "consolemail://"),
            "PYTHONUNBUFFERED": "1",
            **more,
        }

    # --- parts -----------------------------------------------------------------------

    def _spawn(self, name: str, command: list[str], **kwargs) -> subprocess.Popen:
        process = subprocess.Popen(
            command, stdout=self.log, stderr=self.log, cwd=ROOT, start_new_session=True, **kwargs
        )
        self.processes[name] = process
        return process

    def start_postgres(self) -> None:
        pg = _postgres_bin()
        if not self.pg_data.exists():
            self.pg_data.mkdir()
            if os.geteuid() == 0:
                shutil.chown(self.pg_data, "postgres", "postgres")
            subprocess.run(
                _as_postgres([str(pg / "initdb"), "-D", str(self.pg_data), "-U", "postgres",
                              "--auth=trust", "--no-sync", "-E", "UTF8"]),
                check=True, stdout=self.log, stderr=self.log,
            )  # fmt: skip
        subprocess.run(
            _as_postgres([str(pg / "pg_ctl"), "-D", str(self.pg_data), "-w", "-l",
                          str(self.pg_data / "server.log"), "-o",
                          f"-p {self.pg_port} -k /tmp -c listen_addresses=127.0.0.1"
                          " -c fsync=off -c full_page_writes=off", "start"]),
            check=True, stdout=self.log, stderr=self.log,
        )  # fmt: skip

    def stop_postgres(self, mode: str = "fast") -> None:
        pg = _postgres_bin()
        subprocess.run(
            _as_postgres([str(pg / "pg_ctl"), "-D", str(self.pg_data), "-m", mode, "-w", "stop"]),
            check=False, stdout=self.log, stderr=self.log,
        )  # fmt: skip

    def restart_postgres(self) -> None:
        self.stop_postgres()
        self.start_postgres()

    def start_redis(self) -> None:
        self._spawn(
            "redis",
            ["redis-server", "--bind", "127.0.0.1", "--port", str(self.redis_port),
             "--save", "", "--appendonly", "no"],
        )  # fmt: skip

    def start_s3(self) -> None:
        moto = shutil.which("moto_server") or str(Path(sys.executable).parent / "moto_server")
        self._spawn("s3", [moto, "-H", "127.0.0.1", "-p", str(self.s3_port)])
        deadline = time.monotonic() + 60
        while True:
            try:
                urllib.request.urlopen(self.s3_url, timeout=2).close()
                return
            except OSError:
                if time.monotonic() > deadline:
                    raise
                time.sleep(0.3)

    def stop_s3(self) -> None:
        self._end("s3")

    def make_bucket(self) -> None:
        import boto3

        client = boto3.client(
            "s3",
            endpoint_url=self.s3_url,
            region_name="us-east-1",
            aws_access_key_id=S3_KEYS["AWS_ACCESS_KEY_ID"],
            aws_secret_access_key=S3_KEYS["AWS_SECRET_ACCESS_KEY"],
        )
        with contextlib.suppress(client.exceptions.BucketAlreadyOwnedByYou):
            client.create_bucket(Bucket=BUCKET)
        return client

    def irp(self, *command: str, **more) -> None:
        subprocess.run(
            [sys.executable, "-m", "irp.cli", *command],
            env=self.env(**more), check=True, cwd=ROOT, stdout=self.log, stderr=self.log,
        )  # fmt: skip

    def start_app(self, index: int) -> None:
        # Each gunicorn worker serves its metrics on the first free port of this range.
        first = free_port()
        self.metrics_ports[index] = range(first, first + 2 * self.gunicorn_workers + 1)
        self._spawn(
            f"app{index}",
            [sys.executable, "-m", "gunicorn", "irp.wsgi", "--bind",
             f"127.0.0.1:{self.app_ports[index]}", "--workers", str(self.gunicorn_workers),
             "--graceful-timeout", "5", "--access-logfile", "-"],
            env=self.env(METRICS_PORTS=f"{first}-{first + 2 * self.gunicorn_workers}"),
        )  # fmt: skip
        wait_for(self.app(index) + "/healthz")

    def stop_app(self, index: int) -> None:
        self._end(f"app{index}")

    def start_worker(self, index: int) -> None:
        self._spawn(
            f"worker{index}",
            [sys.executable, "-m", "irp.cli", "worker"],
            env=self.env(),
        )

    def kill_worker(self, index: int) -> None:
        """As a crash would: no chance to finish what it was doing."""
        self._end(f"worker{index}", signal.SIGKILL)

    def start_varnish(self) -> None:
        # The project's VCL, with a backends.vcl of its own beside it (the app servers
        # started here, on their ports).
        front = self.folder / "front"
        front.mkdir(exist_ok=True)
        shutil.copy(ROOT / "deploy/varnish/default.vcl", front / "default.vcl")
        backends = (ROOT / "deploy/varnish/backends.vcl").read_text()
        _, _, rest = backends.partition("backend app1 {")
        template = "backend app1 {" + rest.split("acl purgers")[0]
        app_template = template.split("backend app2 {")[0]
        lines = [
            app_template.replace("app1", f"app{n}").replace('"8001"', f'"{port}"')
            for n, port in enumerate(self.app_ports, start=1)
        ]
        adds = "".join(f"    apps.add_backend(app{n});\n" for n in range(1, self.apps + 1))
        (front / "backends.vcl").write_text(
            "".join(lines)
            + 'acl purgers {\n    "127.0.0.1";\n}\n\n'
            + "sub vcl_init {\n    new apps = directors.round_robin();\n"
            + adds
            + "}\n"
        )
        vcl_path = front / "default.vcl"
        for path in front.iterdir():
            os.chmod(path, 0o644)
        os.chmod(front, 0o755)
        self.varnish_dir.mkdir(exist_ok=True)
        subprocess.run(
            [_sbin("varnishd"), "-a", f"127.0.0.1:{self.front_port}", "-f", str(vcl_path),
             "-s", "malloc,128m", "-n", str(self.varnish_dir),
             "-P", str(self.folder / "varnish.pid"), "-T", f"127.0.0.1:{free_port()}"],
            check=True, stdout=self.log, stderr=self.log,
        )  # fmt: skip
        wait_for(self.front + "/healthz")

    def stop_varnish(self) -> None:
        pid_file = self.folder / "varnish.pid"
        if pid_file.exists():
            with contextlib.suppress(ProcessLookupError, ValueError):
                os.kill(int(pid_file.read_text()), signal.SIGTERM)
            pid_file.unlink(missing_ok=True)

    def _end(self, name: str, how: int = signal.SIGTERM) -> None:
        process = self.processes.pop(name, None)
        if process is None or process.poll() is not None:
            return
        with contextlib.suppress(ProcessLookupError):
            os.killpg(process.pid, how)
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait()

    # --- the whole --------------------------------------------------------------------

    def start(self) -> "Cluster":
        try:
            self.start_postgres()
            subprocess.run(
                _as_postgres([str(_postgres_bin() / "createdb"), "-h", "127.0.0.1", "-p",
                              str(self.pg_port), "-U", "postgres", "irp"]),
                check=True, stdout=self.log, stderr=self.log,
            )  # fmt: skip
            self.start_redis()
            self.start_s3()
            self.make_bucket()
            self.irp("migrate", "--verbosity", "0")
            self.irp("demo", "--no-serve", FRONTEND_CACHE_URLS="")  # no front yet
            self.irp("collectstatic", "--noinput", "--verbosity", "0")
            for index in range(self.apps):
                self.start_app(index)
            for index in range(self.workers):
                self.start_worker(index)
            self.start_varnish()
        except BaseException:
            self.stop()
            raise
        return self

    def stop(self) -> None:
        self.stop_varnish()
        for name in list(self.processes):
            self._end(name)
        self.stop_postgres("immediate")
        self.log.close()
        shutil.rmtree(self.folder, ignore_errors=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--keep", action="store_true", help="leave it running until Ctrl-C")
    parser.add_argument("--apps", type=int, default=2)
    parser.add_argument("--workers", type=int, default=2)
    args = parser.parse_args()
    began = time.monotonic()
    cluster = Cluster(apps=args.apps, workers=args.workers).start()
    try:
        print(f"cluster_start_time: {time.monotonic() - began:.1f} s", flush=True)
        print(f"front: {cluster.front}", flush=True)
        if args.keep:
            print(f"database: {cluster.database_url}", flush=True)
            print(f"logs: {cluster.folder / 'cluster.log'}", flush=True)
            print("Ctrl-C stops it.", flush=True)
            with contextlib.suppress(KeyboardInterrupt):
                while True:
                    time.sleep(3600)
    finally:
        cluster.stop()


if __name__ == "__main__":
    main()
