"""A server process on the loopback: wait for its port, stop it on every path.
Shared by tests/wasi/http_check.py and bench/http/run.py (python3 stdlib only)."""
import socket
import subprocess
import time

HOST = "127.0.0.1"


def wait_port(proc, port, seconds=10):
    """True once HOST:port accepts a connection; False if proc exits first or
    seconds pass."""
    end = time.time() + seconds
    while time.time() < end:
        if proc.poll() is not None:
            return False
        try:
            socket.create_connection((HOST, port), timeout=0.2).close()
            return True
        except OSError:
            time.sleep(0.05)
    return False


def stop(proc):
    """Terminates proc if it still runs, and kills it if it has not gone in 5 s."""
    if proc.poll() is None:
        proc.terminate()
        try:
            proc.wait(timeout=5)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()
