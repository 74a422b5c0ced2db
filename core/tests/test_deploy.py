"""deploy/: the systemd units and the container image, tested to start.

systemd is not PID 1 here and no image can be built, so each unit's ExecStart (and the image's
entry point) is run as it would be: the example env file (pointed at a temporary SQLite database
on 127.0.0.1), the unit's working directory (the checkout, for /opt/motcua), then SIGTERM as
`systemctl stop` and `podman stop` send it. `systemd-analyze verify` checks the units when it
is installed.
"""

from __future__ import annotations

import shlex
import shutil
import signal
import subprocess
import tempfile
from pathlib import Path

from django.test import SimpleTestCase

from core.tests.serving import (
    BASE_DIR,
    ENV_EXAMPLE,
    STOP_SECONDS,
    Process,
    free_port,
    healthy,
    production_env,
    read_env_file,
)

SYSTEMD = BASE_DIR / "deploy" / "systemd"
SERVICES = ("motcua-prepare", "motcua-web", "motcua-worker", "motcua-scan", "motcua-anchor")
INSTALL_DIR = "/opt/motcua"
# What stopping by SIGTERM may leave as status: 0, or death by that signal, which systemd counts
# as a clean stop (SuccessExitStatus covers SIGTERM by default).
CLEAN = {0, -signal.SIGTERM}


def parse_unit(path: Path) -> dict[str, dict[str, list[str]]]:
    """A unit file as systemd reads it: sections of keys, a key possibly given more than once."""
    sections: dict[str, dict[str, list[str]]] = {}
    current: dict[str, list[str]] | None = None
    for raw in path.read_text(encoding="utf-8").splitlines():
        line = raw.strip()
        if not line or line.startswith(("#", ";")):
            continue
        if line.startswith("[") and line.endswith("]"):
            current = sections.setdefault(line[1:-1], {})
            continue
        key, sep, value = line.partition("=")
        assert sep and current is not None, f"{path.name}: not a unit line: {raw!r}"
        current.setdefault(key.strip(), []).append(value.strip())
    return sections


def exec_start(unit: str) -> list[str]:
    """The unit's ExecStart, with the install directory being this checkout."""
    service = parse_unit(SYSTEMD / f"{unit}.service")["Service"]
    (command,) = service["ExecStart"]
    return [part.replace(INSTALL_DIR, str(BASE_DIR)) for part in shlex.split(command)]


class UnitFilesTestCase(SimpleTestCase):
    def test_every_service_runs_as_motcua_with_the_env_file_and_hardening(self) -> None:
        for name in SERVICES:
            with self.subTest(name):
                unit = parse_unit(SYSTEMD / f"{name}.service")
                service = unit["Service"]
                self.assertEqual(service["User"], ["motcua"])
                self.assertEqual(service["EnvironmentFile"], ["/etc/motcua/motcua.env"])
                self.assertEqual(service["WorkingDirectory"], [INSTALL_DIR])
                self.assertEqual(service["NoNewPrivileges"], ["yes"])
                self.assertEqual(service["ProtectSystem"], ["strict"])
                self.assertEqual(service["CapabilityBoundingSet"], [""])
                self.assertEqual(service["StateDirectory"], ["motcua"])
                self.assertIn("motcua.target", unit["Unit"]["PartOf"])
                argv = exec_start(name)
                self.assertEqual(argv[0], str(BASE_DIR / "scripts" / "serve.sh"))
                self.assertTrue(Path(argv[0]).is_file())
                if name != "motcua-prepare":
                    self.assertEqual(service["Restart"], ["always"])
                    self.assertIn("motcua-prepare.service", unit["Unit"]["Requires"])
                    self.assertEqual(unit["Install"]["WantedBy"], ["motcua.target"])

    def test_the_target_groups_every_service(self) -> None:
        target = parse_unit(SYSTEMD / "motcua.target")
        wanted = " ".join(target["Unit"]["Wants"]).split()
        self.assertEqual(sorted(wanted), sorted(f"{name}.service" for name in SERVICES))

    def test_systemd_accepts_the_units(self) -> None:
        analyze = shutil.which("systemd-analyze")
        if analyze is None:
            self.skipTest("systemd-analyze is not installed")
        with tempfile.TemporaryDirectory() as tmp:
            env_file = Path(tmp) / "motcua.env"
            shutil.copy(ENV_EXAMPLE, env_file)
            for unit in SYSTEMD.iterdir():
                text = unit.read_text(encoding="utf-8").replace(INSTALL_DIR, str(BASE_DIR))
                text = text.replace("/etc/motcua/motcua.env", str(env_file))
                (Path(tmp) / unit.name).write_text(text, encoding="utf-8")
            units = sorted(str(p) for p in Path(tmp).iterdir() if p.suffix != ".env")
            result = subprocess.run(  # noqa: S603 - systemd's own checker on our files
                [analyze, "verify", *units], capture_output=True, text=True, check=False
            )
        self.assertEqual(result.returncode, 0, result.stdout + result.stderr)
        self.assertEqual(result.stderr.strip(), "")

    def test_the_env_file_has_what_production_requires(self) -> None:
        values = read_env_file(ENV_EXAMPLE)
        for name in ("DEBUG", "SECRET_KEY", "ALLOWED_HOSTS", "MOTCUA_PUBLIC_URL", "DATABASE_URL"):
            self.assertIn(name, values)
        self.assertEqual(values["DEBUG"], "false")
        self.assertTrue(values["MOTCUA_PUBLIC_URL"].startswith("https://"))
        for value in values.values():
            self.assertNotRegex(value, r"[\s'\"]", "systemd, podman and bash read it alike")


class UnitsStartTestCase(SimpleTestCase):
    """Each unit's ExecStart, run as systemd would, on one prepared database."""

    tmp: Path
    port: int
    env: dict[str, str]

    @classmethod
    def setUpClass(cls) -> None:
        super().setUpClass()
        cls.tmp = Path(tempfile.mkdtemp(prefix="motcua-units-"))
        cls.port = free_port()
        cls.env = production_env(cls.tmp, cls.port, SCAN_EVERY="3600", ANCHOR_EVERY="3600")
        prepare = subprocess.run(  # noqa: S603 - the unit's own command line
            exec_start("motcua-prepare"),
            cwd=BASE_DIR,
            env=cls.env,
            capture_output=True,
            text=True,
            check=False,
            timeout=900,
        )
        assert prepare.returncode == 0, prepare.stdout + prepare.stderr

    @classmethod
    def tearDownClass(cls) -> None:
        shutil.rmtree(cls.tmp, ignore_errors=True)
        super().tearDownClass()

    def start(self, unit: str) -> Process:
        process = Process(exec_start(unit), self.env, self.tmp / f"{unit}.log")
        self.addCleanup(process.kill_leftovers)
        return process

    def stop_cleanly(self, process: Process) -> None:
        self.assertIn(process.terminate(), CLEAN, process.output()[-3000:])
        self.assertFalse(process.leftovers())
        self.assertNotIn("Traceback", process.output())

    def test_prepare_collected_the_hashed_static_files(self) -> None:
        self.assertTrue((self.tmp / "static" / "staticfiles.json").is_file())

    def test_the_web_unit_answers_its_health_check(self) -> None:
        web = self.start("motcua-web")
        web.wait_for(lambda: healthy(self.port), "motcua-web")
        self.stop_cleanly(web)

    def test_the_worker_unit_starts_and_stops_on_sigterm(self) -> None:
        worker = self.start("motcua-worker")
        worker.wait_for(lambda: "started" in worker.output(), "motcua-worker")
        self.stop_cleanly(worker)
        self.assertIn("stopped", worker.output())

    def test_the_scan_unit_scans_then_stops_on_sigterm(self) -> None:
        scan = self.start("motcua-scan")
        scan.wait_for(lambda: "Quá hạn mới:" in scan.output(), "motcua-scan")
        self.stop_cleanly(scan)

    def test_the_anchor_unit_runs_a_round_then_stops_on_sigterm(self) -> None:
        anchor = self.start("motcua-anchor")
        # An empty database has no province unit to seal with: the round says so and the
        # process waits for the next one (dossiers anchor-chains --every).
        anchor.wait_for(lambda: "anchor.no_unit:" in anchor.output(), "motcua-anchor")
        self.stop_cleanly(anchor)


class ContainerImageTestCase(SimpleTestCase):
    containerfile = BASE_DIR / "deploy" / "Containerfile"

    def instructions(self) -> list[tuple[str, str]]:
        lines: list[tuple[str, str]] = []
        joined = ""
        for raw in self.containerfile.read_text(encoding="utf-8").splitlines():
            if raw.strip().startswith("#") or not raw.strip():
                continue
            joined += raw.rstrip("\\").strip() + " "
            if not raw.rstrip().endswith("\\"):
                word, _, rest = joined.strip().partition(" ")
                lines.append((word.upper(), rest))
                joined = ""
        return lines

    def test_the_image_is_debian_non_root_and_starts_with_the_entry_point(self) -> None:
        instructions = self.instructions()
        values = {word: rest for word, rest in instructions}
        self.assertTrue(instructions[0][1].startswith("docker.io/library/debian:"))
        self.assertEqual(values["USER"], "motcua")
        self.assertEqual(values["ENTRYPOINT"], '["/opt/motcua/deploy/entrypoint.sh"]')
        self.assertIn("/healthz", values["HEALTHCHECK"])
        runs = " ".join(rest for word, rest in instructions if word == "RUN")
        self.assertIn("scripts/bootstrap.sh", runs)
        self.assertIn("collectstatic", runs)
        entrypoint = BASE_DIR / "deploy" / "entrypoint.sh"
        self.assertTrue(entrypoint.stat().st_mode & 0o111)
        ignored = (BASE_DIR / ".dockerignore").read_text(encoding="utf-8").split()
        self.assertIn(".venv", ignored)

    def test_the_entry_point_migrates_then_serves_every_process(self) -> None:
        with tempfile.TemporaryDirectory() as tmp:
            port = free_port()
            # As in the image, whose static files are collected when it is built.
            env = production_env(Path(tmp), port, MOTCUA_COLLECTSTATIC="false")
            env.update(SCAN_EVERY="3600", ANCHOR_EVERY="3600")
            container = Process(
                [str(BASE_DIR / "deploy" / "entrypoint.sh")], env, Path(tmp) / "entrypoint.log"
            )
            self.addCleanup(container.kill_leftovers)
            container.wait_for(lambda: healthy(port), "entrypoint")
            self.assertTrue((Path(tmp) / "motcua.sqlite3").is_file())
            # podman stop: SIGTERM to PID 1, which stops the four processes.
            container.popen.send_signal(signal.SIGTERM)
            status = container.popen.wait(STOP_SECONDS)
            left = container.leftovers()
            output = container.output()
            container.kill_leftovers()
        self.assertEqual((status, left), (0, False), output[-3000:])
        self.assertFalse(healthy(port))
        self.assertIn("MotCua: http://127.0.0.1:", output)
        self.assertNotIn("Traceback", output)
