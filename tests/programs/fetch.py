"""Sources of tests/programs/, fetched from the npm registry at pinned versions
and cached: DIR/<name>/ holds the files and a STAMP naming the package version,
so a fresh machine (CI) fetches them once and a changed pin fetches again.

    quickjs  QuickJS 2021-03-27, vendored by the npm package qjsc (deps/quickjs_2021_03_27;
             Debian 12 has no quickjs package)
    sqlite   the SQLite amalgamation vendored by better-sqlite3 (as bench/sqlite/fetch.sh)"""
import os
import shutil
import subprocess
import tarfile
import tempfile

PACKAGES = {
    "quickjs": ("qjsc@0.3.0", "package/deps/quickjs_2021_03_27/"),
    "sqlite": ("better-sqlite3@12.11.1", "package/deps/sqlite3/"),
}


def fetch_npm(name, spec, prefix, dest):
    stamp = os.path.join(dest, "STAMP")
    if os.path.exists(stamp) and open(stamp).read().strip() == spec:
        return dest
    if shutil.which("npm") is None:
        raise RuntimeError("npm not found (it comes with Node.js, on the machine image)")
    shutil.rmtree(dest, ignore_errors=True)
    with tempfile.TemporaryDirectory() as tmp:
        p = subprocess.run(["npm", "pack", "--silent", spec], cwd=tmp, stdout=subprocess.PIPE,
                           stderr=subprocess.STDOUT)
        tgz = p.stdout.decode().strip().splitlines()[-1:] if p.returncode == 0 else []
        if not tgz or not os.path.exists(os.path.join(tmp, tgz[0])):
            raise RuntimeError("npm pack %s failed: %s" % (spec, p.stdout.decode()[-500:]))
        with tarfile.open(os.path.join(tmp, tgz[0])) as tar:
            members = [m for m in tar.getmembers() if m.name.startswith(prefix) and m.isfile()]
            if not members:
                raise RuntimeError("%s has no %s" % (spec, prefix))
            for m in members:
                rel = os.path.normpath(m.name[len(prefix):])
                if rel.startswith(".."):
                    raise RuntimeError("%s: unexpected path %s" % (spec, m.name))
                out = os.path.join(dest, rel)
                os.makedirs(os.path.dirname(out), exist_ok=True)
                with tar.extractfile(m) as src, open(out, "wb") as f:
                    shutil.copyfileobj(src, f)
    with open(stamp, "w") as f:
        f.write(spec + "\n")
    return dest


def fetch_all(cache):
    """{name: folder}, fetching what is missing."""
    return {name: fetch_npm(name, spec, prefix, os.path.join(cache, name))
            for name, (spec, prefix) in PACKAGES.items()}
