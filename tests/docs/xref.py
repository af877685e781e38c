#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
#
# xref.py TOP_SRCDIR - every file of the tree that a comment or a document
# names must exist, so that references cannot rot when files move.  Prints
# TAP; run by tests/docs/xref.sh.
#
# Read: every file git tracks except data (vectors, fuzz corpora, lock
# files, charts) and the autotools directories.  A reference is
#   - a tree path: a word starting with src/, doc/, docs/, tests/, tools/,
#     www/ or vectors/ (not inside a longer path such as $top/src/x);
#     globs (deflate*.c) must match a file, {a,b} lists are expanded, and
#     a path with an all-capitals placeholder segment (src/NAME) or "..."
#     is a pattern, not a reference;
#   - a bare file name ending in .c, .h, .md, .sh or .jsonl, its stem at
#     least two characters long (not after a "/", not a JavaScript k.c.x,
#     not a pattern such as cases-SEED.jsonl).
# A tree path resolves when it is a tracked file or a directory holding
# one, when configure makes it from a tracked PATH.in, when the build
# makes it (a program or library with a _SOURCES variable in a Makefile),
# when .gitignore covers it (outputs of the build and the tests), or when
# it is one of the outputs listed in OUTPUTS or another project's path in
# FOREIGN_PATHS.  A bare name resolves when a tracked file (or NAME.in) has
# that name, or it is one of the names in FOREIGN.  "#include <...>" lines
# are not read.
import fnmatch
import os
import re
import subprocess
import sys

TOPS = ("src", "doc", "docs", "tests", "tools", "www", "vectors")
PATH_RE = re.compile(r"(?<![\w./$~-])((?:%s)/[\w.*?{},/+-]*)" % "|".join(TOPS))
BARE_RE = re.compile(r"(?<![\w./-])([\w+-]{2,}\.(?:c|h|md|sh|jsonl))(?!\.?\w)")
# This file is not read: its self-test names missing files on purpose.
SKIP_RE = re.compile(r"^(tests/fuzz/(corpus|regress)/|build-aux/|m4/|"
                     r"tests/docs/xref\.py$)|"
                     r"(\.jsonl|package-lock\.json|\.svg|\.png)$")
INCLUDE_SYS_RE = re.compile(r"^\s*#\s*include\s*<")

# Outputs made at run time that .gitignore does not name, each with its
# maker.
OUTPUTS = {
    "tests/fuzz/work": "tests/fuzz/run-fuzz.sh, in the build tree",
    "tests/fuzz/crashes": "tests/fuzz/run-fuzz.sh, in the build tree",
    "tests/fuzz/logs": "tests/fuzz/run-fuzz.sh, in the build tree",
    "tests/e2e/playground.png": "tests/e2e/browser.sh, in the build tree",
}
# Paths inside other projects that comments name, each with its project.
FOREIGN_PATHS = {
    "src/AccessToken2.js": "npm agora-token",
    "src/AccessToken.js": "npm agora-token and agora-access-token",
    "src/AccessToken2.py": "the Python reference, python3/",
    "src/RtcTokenBuilder2.py": "the Python reference, python3/",
}
# File names that are not files of the tree, each with where it belongs:
# other projects' files, a page's example, a test's scratch file.
FOREIGN = {
    "config.h": "written by configure",
    "stdlib.h": "the C library",
    "fcgiapp.h": "libfcgi",
    "cpuid.h": "the compiler (GCC's and clang's x86 header)",
    "prog.c": "a reader's own program, in the pkg-config examples",
    "trees.c": "zlib",
    "tap-driver.sh": "automake",
    "example.c": "the program of libagoratoken(3)'s EXAMPLES, as a reader "
                 "(and tests/docs/libagoratoken.sh) saves it",
    "bad.jsonl": "a scratch file of tests/cli/conformance.sh",
}


def tracked(top):
    out = subprocess.run(["git", "-C", top, "ls-files", "-z"],
                         capture_output=True, check=True).stdout
    return [f for f in out.decode("utf-8", "replace").split("\0") if f]


def braces(p):
    m = re.search(r"\{([^{}]*)\}", p)
    if not m:
        return [p]
    out = []
    for alt in m.group(1).split(","):
        out += braces(p[:m.start()] + alt + p[m.end():])
    return out


class Tree:
    def __init__(self, top):
        self.top = top
        self.files = tracked(top)
        self.fileset = set(self.files)
        self.dirs = set()
        for f in self.files:
            d = f
            while "/" in d:
                d = d.rsplit("/", 1)[0]
                self.dirs.add(d)
        self.names = {os.path.basename(f) for f in self.files}
        self.built = set()
        for f in self.files:
            if f == "Makefile.am" or f.endswith("/Makefile.inc"):
                with open(os.path.join(top, f), encoding="utf-8") as fh:
                    for m in re.finditer(r"^\s*(\w+)_SOURCES\s*\+?=", fh.read(), re.M):
                        self.built.add(m.group(1))

    def ignored(self, p):
        for cand in (p, p + "/"):
            r = subprocess.run(["git", "-C", self.top, "check-ignore", "-q",
                                "--no-index", cand])
            if r.returncode == 0:
                return True
        return False

    def path_ok(self, p):
        p = p.rstrip("/")
        if any(c in p for c in "*?["):
            return any(fnmatch.fnmatchcase(f, p) for f in self.files) or \
                any(fnmatch.fnmatchcase(d, p) for d in self.dirs)
        if p in self.fileset or p in self.dirs or p + ".in" in self.fileset:
            return True
        if re.sub(r"[^A-Za-z0-9]", "_", p) in self.built:
            return True
        return p in OUTPUTS or p in FOREIGN_PATHS or self.ignored(p)

    def name_ok(self, n):
        return n in self.names or n + ".in" in self.names or n in FOREIGN


def refs_in_line(line):
    """(kind, text) for every reference on one line."""
    if INCLUDE_SYS_RE.match(line):
        return []
    out = []
    for m in PATH_RE.finditer(line):
        p = m.group(1)
        if "..." in p:
            continue
        p = p.rstrip(".,:;)'\"`")
        if "/" not in p:
            continue
        for q in braces(p):
            segs = [s for s in q.split("/") if s]
            if any(re.fullmatch(r"[A-Z][A-Z0-9_]*", s) for s in segs[1:]):
                continue
            out.append(("path", q))
    for m in BARE_RE.finditer(line):
        n = m.group(1)
        stem = n.rsplit(".", 1)[0]
        # cases-SEED.jsonl: lower case with an all-capitals placeholder.
        if re.search(r"[a-z]", stem) and \
                re.search(r"(^|[-_])[A-Z][A-Z0-9]+($|[-_])", stem):
            continue
        out.append(("name", n))
    return out


def scan(tree):
    """(number of references, files with one, list of broken ones)."""
    nrefs, files, broken = 0, set(), []
    for f in tree.files:
        if SKIP_RE.search(f):
            continue
        try:
            with open(os.path.join(tree.top, f), encoding="utf-8") as fh:
                text = fh.read()
        except (UnicodeDecodeError, IsADirectoryError, FileNotFoundError):
            continue
        for ln, line in enumerate(text.split("\n"), 1):
            for kind, ref in refs_in_line(line):
                nrefs += 1
                files.add(f)
                good = tree.path_ok(ref) if kind == "path" else tree.name_ok(ref)
                if not good:
                    broken.append("%s:%d: %s" % (f, ln, ref))
    return nrefs, len(files), broken


def self_test(tree):
    """The scanner finds and judges references of every kind."""
    cases = [
        ("see doc/http-api.md.", [("path", "doc/http-api.md", True)]),
        ("(doc/no-such-page.md)", [("path", "doc/no-such-page.md", False)]),
        ("docs/PERFORMANCE.md", [("path", "docs/PERFORMANCE.md", False)]),
        ("src/lib/deflate*.c", [("path", "src/lib/deflate*.c", True)]),
        ("tests/interop/{cases,nosuch}.js", [
            ("path", "tests/interop/cases.js", True),
            ("path", "tests/interop/nosuch.js", False)]),
        ("$top_srcdir/src/x.c src/NAME", []),
        ("the loop (fcgi_main.c) and k.c.builder", [
            ("name", "fcgi_main.c", True)]),
        ("as NOSUCH.md says", [("name", "NOSUCH.md", False)]),
        ("rtc007.jsonl, gone.jsonl, ours-SEED.jsonl", [
            ("name", "rtc007.jsonl", True), ("name", "gone.jsonl", False)]),
        ("tests/unit/token007-t", [("path", "tests/unit/token007-t", True)]),
        ("#include <stdio.h>", []),
    ]
    bad = []
    for line, want in cases:
        got = []
        for kind, ref in refs_in_line(line):
            good = tree.path_ok(ref) if kind == "path" else tree.name_ok(ref)
            got.append((kind, ref, good))
        if got != want:
            bad.append("%r: want %r, got %r" % (line, want, got))
    return bad


def main(argv):
    tree = Tree(argv[1])
    n = 0

    def ok(cond, desc, diags=()):
        nonlocal n
        n += 1
        print("%s %d - %s" % ("ok" if cond else "not ok", n, desc))
        for d in diags:
            print("# " + d)

    bad = self_test(tree)
    ok(not bad, "the scanner finds and judges every kind of reference", bad)
    nrefs, nfiles, broken = scan(tree)
    ok(nrefs >= 300, "%d references in %d files read" % (nrefs, nfiles))
    paths = [b for b in broken if "/" in b.rsplit(": ", 1)[1]]
    names = [b for b in broken if b not in paths]
    ok(not paths, "every tree path named resolves", paths)
    ok(not names, "every bare file name named is a file of the tree", names)
    print("1..%d" % n)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
