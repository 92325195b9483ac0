"""Checks that a wasmc(1) page lists exactly the options `wasmc --help` prints.

usage: man_lists_help_options.py <wasmc> <wasmc.1>
Prints one line per option found in both, then `N options`; exits 1 naming every
option missing from either side.
"""
import re
import subprocess
import sys

wasmc, page_path = sys.argv[1], sys.argv[2]
help_text = subprocess.run([wasmc, "--help"], check=True, capture_output=True, text=True).stdout
# Option lines of CLI11's help: two spaces, then names like "-h,--help" or "--dir TEXT ...".
help_opts = set()
for line in help_text.splitlines():
    m = re.match(r"^  (-[^ ]+)", line)
    if m:
        help_opts.update(n for n in m.group(1).split(",") if n.startswith("-"))
page = open(page_path).read()
# Option names in the page: bold, with roff-escaped hyphens, e.g. \fB\-\-dir\fR.
page_opts = {m.replace("\\-", "-") for m in re.findall(r"\\fB((?:\\-)+[A-Za-z0-9][-A-Za-z0-9\\]*)\\fR", page)}
page_opts = {n for n in page_opts if n in help_opts or re.match(r"^-[-A-Za-z0-9]+$", n)}
missing = sorted(help_opts - page_opts)
# Only options of the OPTIONS section count on the man side (the synopsis names -o too).
options_section = page.split(".SH OPTIONS", 1)[1].split("\n.SH ", 1)[0]
extra = sorted(n for n in set(re.findall(r"^\\fB((?:\\-)+[^\\ ]+(?:\\-[^\\ ]+)*)\\fR", options_section, re.M))
               if n.replace("\\-", "-") not in help_opts)
for name in sorted(help_opts & page_opts):
    print("both", name)
print("%d options" % len(help_opts))
if missing or extra:
    print("missing from the man page: %s; not in --help: %s" % (missing, extra))
    sys.exit(1)
