"""The nginx examples as nginx itself reads them: `nginx -t` on each, with a throwaway
certificate, and the replicas' file forwarding like the single server's."""

import re
import shutil
import subprocess
from pathlib import Path

import pytest

DEPLOY = Path(__file__).resolve().parents[2] / "deploy"
EXAMPLES = ["nginx.conf", "nginx-replicas.conf"]
NGINX = shutil.which("nginx") or "/usr/sbin/nginx"  # scripts/system-packages installs it


def throwaway_certificate(folder: Path) -> tuple[Path, Path]:
    cert, key = folder / "cert.pem", folder / "key.pem"
    subprocess.run(["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1",
                    "-subj", "/CN=henno.test", "-keyout", str(key), "-out", str(cert)],
                   check=True, capture_output=True, timeout=60)
    return cert, key


def nginx_test(example: str, folder: Path) -> subprocess.CompletedProcess[str]:
    cert, key = throwaway_certificate(folder)
    site = (DEPLOY / example).read_text(encoding="utf-8")
    site = re.sub(r"ssl_certificate\s+\S+;", f"ssl_certificate {cert};", site)
    site = re.sub(r"ssl_certificate_key\s+\S+;", f"ssl_certificate_key {key};", site)
    (folder / "site.conf").write_text(site, encoding="utf-8")
    main = folder / "nginx.conf"
    main.write_text(f"pid {folder}/nginx.pid;\nerror_log {folder}/error.log;\n"
                    f"events {{}}\nhttp {{\n access_log off;\n include {folder}/site.conf;\n}}\n",
                    encoding="utf-8")
    return subprocess.run([NGINX, "-t", "-p", str(folder), "-c", str(main)],
                          capture_output=True, text=True, timeout=60, check=False)


@pytest.mark.parametrize("example", EXAMPLES)
def test_nginx_accepts_the_example(example: str, tmp_path: Path) -> None:
    result = nginx_test(example, tmp_path)
    assert result.returncode == 0, result.stderr
    assert "test is successful" in result.stderr


def directives(example: str) -> dict[str, list[str]]:
    values: dict[str, list[str]] = {}
    for line in (DEPLOY / example).read_text(encoding="utf-8").splitlines():
        words = line.split("#", 1)[0].strip().rstrip(";").split(None, 1)
        if len(words) == 2:
            values.setdefault(words[0], []).append(words[1])
    return values


def test_replicas_forward_like_the_single_server() -> None:
    single, replicas = directives("nginx.conf"), directives("nginx-replicas.conf")
    for name in ("client_max_body_size", "proxy_request_buffering", "proxy_max_temp_file_size",
                 "proxy_set_header", "ssl_protocols", "proxy_pass"):
        assert replicas[name] == single[name], name
    assert len([s for s in replicas["server"] if ":8000" in s]) == 2
    # Never resend a request a server may have started: an upload must not run twice.
    assert replicas["proxy_next_upstream"] == ["error timeout"]
