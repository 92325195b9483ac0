# lit configuration of the wasmc test suite (docs/testing.md).
#
# Run through the build directory, which holds the generated lit.site.cfg.py:
#     python3 /usr/lib/llvm-16/build/utils/lit/lit.py -sv build/tests
# or on source paths (the build directory defaults to build/, else -Dbuild=DIR):
#     python3 /usr/lib/llvm-16/build/utils/lit/lit.py -sv tests/cli
# Parameters: -Dtarget=x86_64-linux|aarch64-linux (default: the host).
#
# Substitutions (see docs/testing.md): %wasmc, %wasmc-spec, %wat2wasm, %wast2json,
# %clang-wasm, %target, %run, %bindir, %srcroot, %objroot (the build directory),
# FileCheck, not. Features: target-<triple>, plus
# `x86_64` or `aarch64`, `native` when the target is the host, and `strace` when
# strace is installed (not a test dependency: the tests that need it are skipped).
import os
import platform
import shutil
import sys

import lit.formats

src_tests = os.path.dirname(os.path.abspath(__file__))


def configure():
    config.name = "wasmc"
    config.test_format = lit.formats.ShTest(execute_external=False)
    config.suffixes = [".wat", ".c", ".test"]
    config.excludes = ["Inputs", "unit", "CMakeLists.txt"]
    config.test_source_root = src_tests
    config.test_exec_root = os.path.join(config.wasmc_obj_root, "tests")

    host = {"x86_64": "x86_64-linux", "aarch64": "aarch64-linux"}.get(platform.machine(), "")
    target = lit_config.params.get("target", host)
    if target not in ("x86_64-linux", "aarch64-linux"):
        lit_config.fatal("unknown target %r (use -Dtarget=x86_64-linux or aarch64-linux)" % target)
    arch = target.split("-")[0]
    config.available_features.add("target-" + target)
    config.available_features.add(arch)
    run = ""
    if shutil.which("strace"):
        config.available_features.add("strace")
    if target == host:
        config.available_features.add("native")
    elif arch == "aarch64":
        if not config.qemu_aarch64:
            lit_config.fatal("target aarch64-linux needs qemu-aarch64 (apt-get install qemu-user)")
        run = config.qemu_aarch64
    # Under qemu-user the kernel offers neither Landlock nor seccomp to the emulated
    # program, so programs that run there are compiled with the best-effort sandbox
    # (the WASI layer still holds); native runs keep the default, required walls.
    config.substitutions.append(
        ("%wasi-flags", "" if "native" in config.available_features else "--landlock=best-effort"))

    def tool(name, path):
        if not path or not os.path.exists(path):
            lit_config.fatal("%s not found (%r); rebuild, or re-run cmake" % (name, path))
        return path

    bin_dir = config.wasmc_bin_dir
    llvm = config.llvm_tools_dir
    # Longer names first: lit substitutes in order, and %wasmc is a prefix of %wasmc-spec.
    config.substitutions.append(("%wasmc-spec", tool("wasmc-spec", os.path.join(bin_dir, "wasmc-spec"))))
    config.substitutions.append(("%wasmc", tool("wasmc", os.path.join(bin_dir, "wasmc"))))
    config.substitutions.append(("%wat2wasm", tool("wat2wasm", config.wat2wasm)))
    config.substitutions.append(("%wast2json", tool("wast2json", config.wast2json)))
    config.substitutions.append(("%clang-wasm", "%s --target=wasm32-wasi --sysroot=%s -O2"
                                 % (tool("clang", config.clang), config.wasi_sysroot)))
    config.substitutions.append(("%bindir", bin_dir))
    config.substitutions.append(("%srcroot", config.wasmc_src_root))
    config.substitutions.append(("%objroot", config.wasmc_obj_root))
    config.substitutions.append(("%python", sys.executable))
    config.substitutions.append(("%target", target))
    config.substitutions.append(("%run", run))
    # Word-boundary forms, so "FileCheck" inside a path or a check prefix is left alone.
    config.substitutions.append(("\\bFileCheck\\b", tool("FileCheck", os.path.join(llvm, "FileCheck"))))
    config.substitutions.append(("(^|[|;&(]\\s*)not\\b", "\\1" + tool("not", os.path.join(llvm, "not"))))

    # Tests see a clean environment plus the tools' directories.
    config.environment["PATH"] = os.pathsep.join([bin_dir, llvm, config.environment.get("PATH", os.environ.get("PATH", ""))])
    for var in ("TMPDIR", "HOME", "WASMC_RUNTIME_DIR", "WASMC_VERIFY"):
        if var in os.environ:
            config.environment[var] = os.environ[var]


if hasattr(config, "wasmc_obj_root"):
    configure()
else:
    # Started on a source path: find the build directory's site configuration,
    # which loads this file again with the build's paths filled in.
    build = lit_config.params.get("build", os.path.join(os.path.dirname(src_tests), "build"))
    site = os.path.join(os.path.abspath(build), "tests", "lit.site.cfg.py")
    if not os.path.exists(site):
        lit_config.fatal("%s not found: build wasmc first, or pass -Dbuild=<build dir>" % site)
    lit_config.load_config(config, site)
