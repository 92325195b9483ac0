#!/usr/bin/env python3
"""Drives examples/http-server in tests/wasi/http-server.test (python3 stdlib only).

    http_check.py [--expect-start-failure] PORT EXE [ARGS...]

Starts EXE ARGS in the background, waits for 127.0.0.1:PORT, sends requests and
prints one line per check (FileCheck reads them), then stops the server. The
server is killed in every path (finally + a global alarm), so no process leaks
even when a check fails. Loopback only.
"""
import http.client
import os
import signal
import socket
import subprocess
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from server_proc import HOST, stop, wait_port  # noqa: E402

TIMEOUT = 5.0  # seconds per socket operation


def raw(port, data, read_until_close=True):
    s = socket.create_connection((HOST, port), timeout=TIMEOUT)
    try:
        for chunk in data if isinstance(data, list) else [data]:
            s.sendall(chunk)
            time.sleep(0.02)  # separate segments: exercises partial reads
        out = b""
        while read_until_close:
            b = s.recv(65536)
            if not b:
                break
            out += b
        return out
    finally:
        s.close()


def checks(port):
    c = http.client.HTTPConnection(HOST, port, timeout=TIMEOUT)
    c.request("GET", "/")
    r = c.getresponse()
    body = r.read()
    print("index", r.status, r.getheader("Content-Type"), b"Hello from wasmc" in body)
    c.request("GET", "/hello?name=lit%20test")
    r = c.getresponse()
    print("hello", r.status, r.read().decode().strip())
    c.request("GET", "/hello")
    r = c.getresponse()
    print("hello-default", r.status, r.read().decode().strip())
    c.request("GET", "/no/such/page")
    r = c.getresponse()
    print("missing", r.status, r.read().decode().strip())
    c.request("HEAD", "/")
    r = c.getresponse()
    print("head", r.status, r.getheader("Content-Length"), len(r.read()))
    c.request("DELETE", "/")
    r = c.getresponse()
    print("delete", r.status, r.getheader("Allow"), r.read().decode().strip())
    c.request("POST", "/hello", body=b"x" * 100)
    r = c.getresponse()
    print("post-body", r.status, len(r.read()))
    # Keep-alive: every request above went over one connection.
    c.request("GET", "/stats")
    r = c.getresponse()
    print("keep-alive", r.read().decode().split())
    # Many sequential requests on one connection.
    ok = 0
    for i in range(500):
        c.request("GET", "/hello?name=n%d" % i)
        r = c.getresponse()
        ok += r.status == 200 and r.read() == b"Hello, n%d!\n" % i
    print("sequential-keepalive", ok)
    c.close()
    # Many sequential connections, one request each, Connection: close.
    ok = 0
    for i in range(100):
        out = raw(port, b"GET /hello?name=c%d HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n" % i)
        ok += out.startswith(b"HTTP/1.1 200 OK\r\n") and out.endswith(b"\r\n\r\nHello, c%d!\n" % i)
    print("sequential-connections", ok)
    # HTTP/1.0 closes by default.
    out = raw(port, b"GET /hello?name=old HTTP/1.0\r\n\r\n")
    print("http10", out.split(b"\r\n")[0].decode(), b"Connection: close" in out, out.endswith(b"Hello, old!\n"))
    # A request split over many tiny segments (partial reads), then pipelining.
    req = b"GET /hello?name=split HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n"
    out = raw(port, [req[i:i + 3] for i in range(0, len(req), 3)])
    print("split", out.endswith(b"Hello, split!\n"))
    out = raw(port, b"GET /hello?name=a HTTP/1.1\r\n\r\nGET /nope HTTP/1.1\r\n\r\n"
                    b"GET /hello?name=b HTTP/1.1\r\nConnection: close\r\n\r\n")
    print("pipelined", out.count(b"HTTP/1.1 200"), out.count(b"HTTP/1.1 404"), out.endswith(b"Hello, b!\n"))
    # Malformed requests: 400 and close; an oversized head: 431.
    for name, data in [("garbage", b"\x00\x01garbage\r\n\r\n"), ("no-version", b"GET /\r\n\r\n"),
                       ("bad-header", b"GET / HTTP/1.1\r\nno colon here\r\n\r\n"),
                       ("bad-length", b"GET / HTTP/1.1\r\nContent-Length: -1\r\n\r\n")]:
        out = raw(port, data)
        print("malformed", name, out.split(b"\r\n")[0].decode())
    out = raw(port, b"GET / HTTP/1.1\r\nX-Big: " + b"a" * 9000 + b"\r\n\r\n")
    print("oversized", out.split(b"\r\n")[0].decode())
    # A client that disconnects mid-request does not disturb the server.
    s = socket.create_connection((HOST, port), timeout=TIMEOUT)
    s.sendall(b"GET /hel")
    s.close()
    c = http.client.HTTPConnection(HOST, port, timeout=TIMEOUT)
    c.request("GET", "/stats")
    r = c.getresponse()
    print("still-alive", r.status)
    c.close()


def main():
    args = sys.argv[1:]
    expect_failure = args[0] == "--expect-start-failure"
    if expect_failure:
        args = args[1:]
    port, cmd = int(args[0]), args[1:]
    signal.signal(signal.SIGALRM, lambda *a: sys.exit("http_check: timed out"))
    signal.alarm(60)
    proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    try:
        if expect_failure:
            out, _ = proc.communicate(timeout=10)
            sys.stdout.write(out.decode(errors="replace"))
            print("exit status:", proc.returncode)
            return
        if not wait_port(proc, port):
            print("server did not start; exit status:", proc.poll())
            return
        checks(port)
    finally:
        stop(proc)
        print("stopped")


if __name__ == "__main__":
    main()
