"""No secret in the repository (issue 13, item 5): no private key, no cloud access key, no password,
token or secret key written into a tracked file — except the documented demo password (README) and
the keys that exist only for tests, CI and the image build, listed here with where they live."""

import re
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]

PRIVATE_KEY = re.compile(r"-----BEGIN (?:RSA |EC |DSA |OPENSSH |ENCRYPTED |PGP )?PRIVATE KEY(?: BLOCK)?-----")
CLOUD_KEYS = re.compile(
    r"\b(?:AKIA[0-9A-Z]{16}|ghp_[0-9A-Za-z]{36}|xox[baprs]-[0-9A-Za-z-]{10,}|sk-[0-9A-Za-z]{32,})\b"
)
# name = "value" / name: value / NAME=value, where the name says it is secret
ASSIGNED = re.compile(
    r"(?i)\b([A-Z_]*(?:PASSWORD|PASSWD|SECRET(?:_KEY)?|API_KEY|ACCESS_KEY|PRIVATE_KEY|AUTH_TOKEN))\b"
    r"\s*[:=]\s*[\"']?([^\s\"'#,)]{3,})"
)
URL_PASSWORD = re.compile(r"\b[a-z+]+://[^/\s:@]+:([^@\s/]{3,})@")

# What may look like a secret and is not one.
ALLOWED = {
    "demo12345",  # the demo users' password, printed by scripts/demo.sh (README)
    "test-only-secret-key-not-used-anywhere-else-0123456789",  # leanproj/settings/test.py
    "insecure-dev-key-only-for-the-local-demo",  # the local demo's default; production has none
    "build-only",  # Dockerfile: collectstatic at build time
    "ci",  # .ci/run: docker compose config
    "pass12345",  # tests/factories.py
    "password",  # placeholders in .env.example and the README («user:password@host»)
    "pass",
}
ALLOWED_PATTERNS = [
    re.compile(r"^\$\{?[A-Z_]+"),  # taken from the environment: ${POSTGRES_PASSWORD:?…}
    re.compile(r"^[?:-]"),  # the rest of a shell expansion: ${POSTGRES_PASSWORD:?message}
    re.compile(r"^env\("),  # settings: env("DJANGO_SECRET_KEY")
    re.compile(r"^ci-only-\$\("),  # .ci/run: generated at run time
    re.compile(r"^(?:None|True|False|\"\"|'')$"),
    re.compile(r"^[A-Za-z_][A-Za-z_.]*(?:\(|\[|$)"),  # a Python name or call: settings.X, data["…"]
]
SKIP_SUFFIXES = {
    ".png",
    ".jpg",
    ".jpeg",
    ".gif",
    ".ico",
    ".pdf",
    ".woff",
    ".woff2",
    ".ttf",
    ".otf",
    ".sqlite3",
}


def tracked_files() -> list[Path]:
    try:
        out = subprocess.run(
            ["git", "ls-files", "-z", "--cached", "--others", "--exclude-standard"],
            cwd=ROOT,
            capture_output=True,
            check=True,
        ).stdout
        names = [n for n in out.decode().split("\0") if n]
    except (OSError, subprocess.CalledProcessError):  # an exported tree without .git
        names = [
            str(p.relative_to(ROOT))
            for p in ROOT.rglob("*")
            if p.is_file() and not any(part.startswith(".") for part in p.relative_to(ROOT).parts)
        ]
    return [
        ROOT / n
        for n in names
        if not n.startswith(("static/vendor/", ".venv/")) and Path(n).suffix.lower() not in SKIP_SUFFIXES
    ]


def _allowed(value: str) -> bool:
    value = value.strip().rstrip(";")
    return value in ALLOWED or any(p.search(value) for p in ALLOWED_PATTERNS)


def findings(path: Path, text: str) -> list[str]:
    rel = path.relative_to(ROOT) if path.is_relative_to(ROOT) else path
    found = []
    for n, line in enumerate(text.splitlines(), start=1):
        if PRIVATE_KEY.search(line):
            found.append(f"{rel}:{n}: a private key")
        if CLOUD_KEYS.search(line):
            found.append(f"{rel}:{n}: an access key or token")
        for match in ASSIGNED.finditer(line):
            if not _allowed(match.group(2)):
                found.append(f"{rel}:{n}: {match.group(1)} is given a value")
        for match in URL_PASSWORD.finditer(line):
            if not _allowed(match.group(1)):
                found.append(f"{rel}:{n}: a password inside an address")
    return found


def test_no_secret_in_the_repository():
    problems = []
    files = tracked_files()
    assert len(files) > 100  # the tree was found
    for path in files:
        if path == Path(__file__).resolve() or not path.is_file():
            continue
        try:
            text = path.read_text(encoding="utf-8")
        except (UnicodeDecodeError, OSError):
            continue
        problems += findings(path, text)
    assert not problems, "\n".join(problems)


def test_no_environment_file_is_in_the_tree():
    names = {p.name for p in tracked_files()}
    assert ".env" not in names
    assert not any(
        name.endswith((".pem", ".key", ".p12", ".pfx")) or name.startswith("id_rsa") for name in names
    )


@pytest.mark.parametrize(
    "line",
    [
        "-----BEGIN RSA PRIVATE KEY-----",
        "-----BEGIN OPENSSH PRIVATE KEY-----",
        'EMAIL_HOST_PASSWORD = "Zx9!kq"',
        "DJANGO_SECRET_KEY=k3y-0f-pr0duct10n-5678",
        "DATABASE_URL=postgres://leanproj:S3cr3t@db:5432/leanproj",
        "aws = 'AKIAABCDEFGHIJKLMNOP'",
    ],
)
def test_the_scan_finds_a_planted_secret(line):
    assert findings(ROOT / "planted.py", line)


@pytest.mark.parametrize(
    "line",
    [
        'DEMO_PASSWORD = "demo12345"',
        'SECRET_KEY = env("DJANGO_SECRET_KEY")',
        "POSTGRES_PASSWORD: ${POSTGRES_PASSWORD:?set POSTGRES_PASSWORD in .env}",
        "# PostgreSQL: postgres://user:password@host:5432/name",
        "DJANGO_SECRET_KEY=",
    ],
)
def test_the_documented_ones_pass(line):
    assert findings(ROOT / "documented.py", line) == []
