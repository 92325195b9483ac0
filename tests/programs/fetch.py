"""Sources of tests/programs/, fetched from the npm registry at pinned versions
and cached: DIR/<name>/ holds the files and a STAMP naming the package version,
so a fresh machine (CI) fetches them once and a changed pin fetches again.

    quickjs  QuickJS 2021-03-27, vendored by the npm package qjsc (deps/quickjs_2021_03_27;
             Debian 12 has no quickjs package)
    sqlite   the SQLite amalgamation vendored by better-sqlite3 (as bench/sqlite/fetch.sh)
    zlib     zlib 1.2.13, Debian 12's source package (apt-get source, whole matrix only)

Debian sources come through a private apt configuration in DIR/apt (deb-src entries
made from the machine's own deb entries), so the system's apt setup is not touched."""
import glob
import re
import os
import shutil
import subprocess
import tarfile
import tempfile

APT_PACKAGES = {
    "zlib": ("zlib", "1:1.2.13.dfsg-1"),
}
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
        extract(os.path.join(tmp, tgz[0]), prefix, dest, spec)
    with open(stamp, "w") as f:
        f.write(spec + "\n")
    return dest


def extract(tarball, prefix, dest, spec):
    """The files under `prefix` in `tarball`, into `dest` (prefix removed)."""
    with tarfile.open(tarball) as tar:
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


def deb_src_lines():
    """deb-src lines for the Debian archives this machine's apt uses."""
    lines = []
    for path in glob.glob("/etc/apt/sources.list.d/*.sources"):
        for block in open(path).read().split("\n\n"):
            fields = dict(re.findall(r"^([A-Za-z-]+):\s*(.*)$", block, re.M))
            if "deb" not in fields.get("Types", "").split() or "/debian" not in fields.get("URIs", ""):
                continue
            key = fields.get("Signed-By", "")
            for uri in fields["URIs"].split():
                for suite in fields.get("Suites", "").split():
                    lines.append("deb-src %s%s %s %s" % ("[signed-by=%s] " % key if key else "",
                                                         uri, suite, fields.get("Components", "main")))
    for path in ["/etc/apt/sources.list"] + glob.glob("/etc/apt/sources.list.d/*.list"):
        if os.path.exists(path):
            for line in open(path):
                if re.match(r"^deb\s", line) and "/debian" in line:
                    lines.append("deb-src" + line.strip()[3:])
    return lines


def fetch_apt(name, package, version, dest, cache, top=None):
    """`top`: the upstream tarball's top folder, when it is not <package>-<upstream version>/
    (bench/programs/specs.py: lua5.4's is lua-5.4.4/)."""
    spec = "%s=%s" % (package, version)
    stamp = os.path.join(dest, "STAMP")
    if os.path.exists(stamp) and open(stamp).read().strip() == spec:
        return dest
    apt = os.path.abspath(os.path.join(cache, "apt"))  # apt reads relative paths from /etc/apt
    os.makedirs(os.path.join(apt, "lists", "partial"), exist_ok=True)
    with open(os.path.join(apt, "sources.list"), "w") as f:
        f.write("\n".join(deb_src_lines()) + "\n")
    opts = ["-o", "Dir::Etc::SourceList=" + os.path.join(apt, "sources.list"),
            "-o", "Dir::Etc::SourceParts=" + os.path.join(apt, "none"),
            "-o", "Dir::State::Lists=" + os.path.join(apt, "lists"),
            "-o", "Dir::Cache=" + os.path.join(apt, "cache"), "-q",
            # apt's _apt user cannot read a build folder that root made.
            "-o", "APT::Sandbox::User=root"]
    shutil.rmtree(dest, ignore_errors=True)
    with tempfile.TemporaryDirectory() as tmp:
        for cmd in (["apt-get"] + opts + ["update"],
                    ["apt-get"] + opts + ["source", "--download-only", spec]):
            p = subprocess.run(cmd, cwd=tmp, stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
            if p.returncode != 0:
                raise RuntimeError("%s failed: %s" % (" ".join(cmd[-3:]), p.stdout.decode()[-500:]))
        orig = [f for f in glob.glob(os.path.join(tmp, "*.orig.tar.*")) if not f.endswith(".asc")]
        if not orig:
            raise RuntimeError("apt-get source %s gave no .orig tarball" % spec)
        # The upstream tarball's top folder: <package>-<upstream version>/.
        top = top or "%s-%s/" % (package, version.split(":")[-1].rsplit("-", 1)[0])
        extract(orig[0], top, dest, spec)
    with open(stamp, "w") as f:
        f.write(spec + "\n")
    return dest


def fetch_all(cache, names):
    """{name: folder} for the programs in `names`, fetching what is missing."""
    result = {}
    for name in names:
        if name in PACKAGES:
            spec, prefix = PACKAGES[name]
            result[name] = fetch_npm(name, spec, prefix, os.path.join(cache, name))
        else:
            package, version = APT_PACKAGES[name]
            result[name] = fetch_apt(name, package, version, os.path.join(cache, name), cache)
    return result
