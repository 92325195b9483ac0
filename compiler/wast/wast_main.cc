// `wasmc wast` (alias: wasmc-spec): runs WebAssembly spec scripts (.wast) against
// wasmc, every module compiled by wasmc for the target.
//
//   wasmc wast [--target=T] [-O0|-O1|-O2] [--no-single-pass] [-j N] [--filter=S] [--xfail=FILE] [-v] FILES_OR_DIRS...
//
// Every file runs in its own worker processes (file_runner.h), several files at a
// time (std::thread, one per job), so a crash or a hang costs one command, not the
// rest of the file or the run. Output: one line per
// file, in input order, then the totals; the last line is exactly
// `N passed, M failed`. Exit status 1 when M > 0, 2 on a usage error.
#include <CLI/CLI.hpp>

#include <algorithm>
#include <atomic>
#include <cstdio>
#include <filesystem>
#include <mutex>
#include <optional>
#include <thread>

#include "backend/codegen/target_codegen.h"
#include "backend/target.h"
#include "compiler/wast/wast.h"
#include "compiler/wast/file_runner.h"
#include "compiler/wast/report.h"
#include "compiler/wast/wast_worker.h"
#include "compiler/wast/xfail.h"

namespace wasmc::spec {
namespace {

namespace fs = std::filesystem;

constexpr int kReportFd = 3;  // the worker's end of the report pipe (file_runner.cc)

struct RunnerOptions {
  Target target = Target::kX64;
  std::string cpu;     // --cpu, as given
  int cpu_level = 0;   // its level (TargetCodegen::cpu_level)
  std::string opt;     // -O, as given ("0", "1", "2"; empty: wasmc's default, -O2)
  int opt_level = 2;
  bool no_single_pass = false;  // --no-single-pass, as wasmc's
  std::vector<std::string> inputs;
  std::vector<std::string> filters;
  unsigned jobs = 0;
  std::string xfail_path;
  bool use_wast2json = false;  // --wast2json: wabt's front end instead of ours
  std::string wast2json = WASMC_WAST2JSON;
  std::vector<std::string> self_argv;  // this program (+ "wast"), re-executed as a worker
  int timeout_seconds = 120;
  bool verbose = false;
  bool no_exec = false;
  bool parse_only = false;
  size_t max_shown = 10;
  // Worker mode (internal, see file_runner.h).
  std::string worker_script;
  std::string worker_json;
  std::string worker_dir;
  std::vector<std::string> worker_crashed;  // "LINE:reason"
};

struct FileEntry {
  std::string path;
  std::string name;
};

std::optional<Target> ParseTarget(const std::string& s) {
  if (const TargetInfo* t = FindTarget(s)) return t->id;
  return std::nullopt;
}

std::map<int, std::string> ParseLineMap(const std::vector<std::string>& items) {
  std::map<int, std::string> out;
  for (const std::string& s : items) {
    size_t colon = s.find(':');
    out[std::atoi(s.c_str())] = colon == std::string::npos ? "" : s.substr(colon + 1);
  }
  return out;
}

int WorkerMain(const RunnerOptions& o) {
  WorkerOptions w;
  w.target = o.target;
  w.code.cpu_level = o.cpu_level;
  w.code.opt_level = o.opt_level;
  w.code.no_single_pass = o.no_single_pass;
  w.script_path = o.worker_script;
  w.json_path = o.worker_json;
  w.work_dir = o.worker_dir;
  w.no_exec = o.no_exec || o.parse_only;
  w.parse_only = o.parse_only;
  w.crashed = ParseLineMap(o.worker_crashed);
  ReportWriter out(kReportFd);
  RunWastFile(w, out);
  return 0;
}

// The files named by the inputs: files as given (named by their file name),
// directories' top-level *.wast (sorted, named "<directory name>/<file>", e.g.
// "legacy/throw.wast"). Subdirectories are not searched, and each one is noted.
bool CollectFiles(const RunnerOptions& o, std::vector<FileEntry>* files) {
  for (const std::string& in : o.inputs) {
    std::error_code ec;
    if (fs::is_directory(in, ec)) {
      std::vector<FileEntry> found;
      const fs::path dir = fs::path(in).lexically_normal();  // "a/b/" has an empty filename
      const std::string dir_name = (dir.filename().empty() ? dir.parent_path() : dir).filename().string();
      for (const fs::directory_entry& e : fs::directory_iterator(in, ec)) {
        if (e.is_directory())
          std::printf("note: %s: subdirectory not searched (only top-level .wast files run)\n",
                      e.path().c_str());
        else if (e.path().extension() == ".wast")
          found.push_back({e.path().string(), dir_name + "/" + e.path().filename().string()});
      }
      std::sort(found.begin(), found.end(),
                [](const FileEntry& a, const FileEntry& b) { return a.name < b.name; });
      files->insert(files->end(), found.begin(), found.end());
    } else if (fs::is_regular_file(in, ec)) {
      files->push_back({in, fs::path(in).filename().string()});
    } else {
      std::fprintf(stderr, "%s:0x0: error: no such file or directory\n", in.c_str());
      return false;
    }
  }
  if (!o.filters.empty()) {
    std::erase_if(*files, [&](const FileEntry& f) {
      return std::none_of(o.filters.begin(), o.filters.end(),
                          [&](const std::string& s) { return f.name.find(s) != std::string::npos; });
    });
  }
  return true;
}

void PrintReport(const RunnerOptions& o, const FileReport& r) {
  std::printf("%s: %d passed, %d failed", r.name.c_str(), r.passed, r.failed);
  if (r.xfail) std::printf(", %d expected failure%s", r.xfail, r.xfail == 1 ? "" : "s");
  if (r.skipped_text) std::printf(", %d skipped(text)", r.skipped_text);
  if (r.not_run) std::printf(", %d not run", r.not_run);
  std::printf("\n");
  const size_t shown = o.verbose ? r.failures.size() : std::min(r.failures.size(), o.max_shown);
  for (size_t i = 0; i < shown; ++i) std::printf("  %s\n", r.failures[i].c_str());
  if (shown < r.failures.size())
    std::printf("  ... and %zu more failures (-v shows all)\n", r.failures.size() - shown);
  for (const std::string& w : r.warnings) std::printf("  warning: %s\n", w.c_str());
  if (o.verbose) {
    for (const std::string& x : r.expected) std::printf("  %s\n", x.c_str());
    for (const std::string& i : r.infos) std::printf("  info: %s\n", i.c_str());
  }
  std::fflush(stdout);
}

int RunAll(const RunnerOptions& o) {
  XfailList xfails;
  std::string error;
  if (!LoadXfailList(o.xfail_path, &xfails, &error)) {
    std::fprintf(stderr, "%s\n", error.c_str());
    return 2;
  }
  std::vector<FileEntry> files;
  if (!CollectFiles(o, &files)) return 2;
  if (files.empty()) {
    std::fprintf(stderr, "wasmc-spec:0x0: error: no .wast files to run\n");
    return 2;
  }
  // Workers fill `reports`; results are printed in input order as soon as every
  // earlier file is done, so the output is stable whatever the scheduling.
  std::vector<std::optional<FileReport>> reports(files.size());
  std::mutex mu;
  size_t next_to_print = 0;
  std::atomic<size_t> next_file{0};
  auto work = [&] {
    for (size_t i; (i = next_file++) < files.size();) {
      FileJob job{files[i].path, files[i].name, o.target, o.self_argv,
                  o.use_wast2json ? o.wast2json : std::string(), o.timeout_seconds, o.no_exec,
                  o.parse_only, xfails.ForFile(files[i].name)};
      FileReport r = RunFileIsolated(job);
      std::lock_guard<std::mutex> lock(mu);
      reports[i] = std::move(r);
      while (next_to_print < files.size() && reports[next_to_print])
        PrintReport(o, *reports[next_to_print++]);
    }
  };
  std::vector<std::thread> threads;
  unsigned jobs = o.jobs ? o.jobs : std::max(1u, std::thread::hardware_concurrency());
  for (unsigned j = 0; j < std::min<size_t>(jobs, files.size()); ++j) threads.emplace_back(work);
  for (std::thread& t : threads) t.join();

  long passed = 0, failed = 0, skipped = 0, not_run = 0, xfail = 0, failed_files = 0, infos = 0;
  std::string not_run_reason;
  std::map<std::string, long> by_feature;
  for (const auto& r : reports) {
    for (const auto& [feature, n] : r->by_feature) by_feature[feature] += n;
    passed += r->passed;
    failed += r->failed;
    skipped += r->skipped_text;
    not_run += r->not_run;
    xfail += r->xfail;
    infos += static_cast<long>(r->infos.size());
    failed_files += r->failed ? 1 : 0;
    if (!r->not_run_reason.empty()) not_run_reason = r->not_run_reason;
  }
  std::printf("files: %zu run, %zu PASS, %ld FAIL (target %s)\n", files.size(),
              files.size() - failed_files, failed_files, TargetTriple(o.target));
  if (skipped)
    std::printf("skipped: %ld commands in text format (wasmc reads binary modules only)\n", skipped);
  if (not_run)
    std::printf("not run: %ld execution commands (%s)\n", not_run,
                not_run_reason.empty() ? "see above" : not_run_reason.c_str());
  if (infos && !o.verbose)
    std::printf("info: %ld diagnostics differ from the scripts' expected text (-v lists them)\n", infos);
  if (xfail) std::printf("expected failures: %ld (listed in %s)\n", xfail, o.xfail_path.c_str());
  for (const auto& [feature, n] : by_feature) std::printf("  feature %s: %ld\n", feature.c_str(), n);
  if (o.filters.empty())
    for (const FeatureXfail& f : xfails.features)
      if (!by_feature.count(f.name))
        std::printf("warning: feature %s: matched no failure (implemented? remove it from %s)\n",
                    f.name.c_str(), o.xfail_path.c_str());
  std::printf("%ld passed, %ld failed\n", passed, failed);
  return failed ? 1 : 0;
}

}  // namespace

int WastMain(int argc, char** argv, const std::vector<std::string>& self_argv) {
  using namespace wasmc::spec;
  RunnerOptions o;
  o.target = HostTarget().id;
  const std::string program = self_argv.size() > 1 ? "wasmc wast" : "wasmc-spec";
  CLI::App app{"wasmc wast: run WebAssembly spec scripts (.wast) against wasmc", program};
  std::string target = wasmc::TargetTriple(o.target);
  app.add_option("--target", target, "x86_64-linux or aarch64-linux (default: the host)");
  app.add_option("--cpu", o.cpu, "CPU level of the compiled code, as wasmc --cpu (default: the target's)");
  app.add_option("-O", o.opt, "optimisation level of the compiled code, as wasmc -O: 0, 1 or 2 (default)");
  app.add_flag("--no-single-pass", o.no_single_pass,
               "-O0/-O1: every function through the IR path, as wasmc --no-single-pass (not with -O2)");
  app.add_option("inputs", o.inputs, ".wast files, or directories whose top-level .wast files run");
  app.add_option("-j,--jobs", o.jobs, "files run at once (default: number of cores)");
  app.add_option("--filter", o.filters, "run only files whose name contains this (repeatable)")
      ->allow_extra_args(false);
  app.add_option("--xfail", o.xfail_path, "expected-failure list (default: none; format: docs/testing.md)");
  app.add_option("--timeout", o.timeout_seconds, "seconds without progress before a file's worker is killed");
  app.add_flag("--wast2json", o.use_wast2json,
               "read scripts with wabt's wast2json instead of wasmc's text front end (an oracle)");
  app.add_option("--max-shown", o.max_shown, "failures shown per file without -v");
  app.add_flag("-v,--verbose", o.verbose, "show every failure, expected failure and info");
  app.add_flag("--no-exec", o.no_exec, "parse, decode and validate only: execution commands are not run");
  app.add_flag("--parse-only", o.parse_only,
               "the text front end only: text modules must parse, malformed text must not");
  // Worker mode, used by the runner itself.
  auto* worker = app.add_option("--worker", o.worker_script)->group("");
  app.add_option("--worker-json", o.worker_json)->group("");
  app.add_option("--work-dir", o.worker_dir)->group("");
  app.add_option("--crashed", o.worker_crashed)->allow_extra_args(false)->group("");
  try {
    app.parse(argc, argv);
  } catch (const CLI::CallForHelp& e) {
    return app.exit(e);
  } catch (const CLI::ParseError& e) {
    std::fprintf(stderr, "%s:0x0: error: %s (run '%s --help')\n", program.c_str(), e.what(), program.c_str());
    return 2;
  }
  std::optional<wasmc::Target> t = ParseTarget(target);
  if (!t) {
    std::fprintf(stderr, "--target=%s:0x0: error: unknown target (expected x86_64-linux or aarch64-linux)\n",
                 target.c_str());
    return 2;
  }
  o.target = *t;
  if (!o.cpu.empty()) {
    const TargetCodegen& codegen = GetCodegen(o.target);
    o.cpu_level = codegen.cpu_level ? codegen.cpu_level(o.cpu) : -1;
    if (o.cpu_level < 0) {
      std::fprintf(stderr, "--cpu=%s:0x0: error: unknown CPU level for %s (expected %s)\n", o.cpu.c_str(),
                   TargetTriple(o.target), codegen.cpu_level_names ? codegen.cpu_level_names : "none");
      return 2;
    }
  }
  if (!o.opt.empty()) {
    if (o.opt.size() != 1 || o.opt[0] < '0' || o.opt[0] > '2') {
      std::fprintf(stderr, "-O%s:0x0: error: unknown optimisation level (expected -O0, -O1 or -O2)\n",
                   o.opt.c_str());
      return 2;
    }
    o.opt_level = o.opt[0] - '0';
  }
  if (o.no_single_pass && o.opt_level >= 2) {
    std::fprintf(stderr, "--no-single-pass:0x0: error: not allowed with -O2 (-O2, the default, has no single-pass tier; "
                         "the flag is for -O0 and -O1)\n");
    return 2;
  }
  if (worker->count()) return WorkerMain(o);
  o.self_argv = self_argv;
  if (!o.cpu.empty()) o.self_argv.push_back("--cpu=" + o.cpu);  // the workers compile at it too
  if (!o.opt.empty()) o.self_argv.push_back("-O" + o.opt);       // and at this level
  if (o.no_single_pass) o.self_argv.push_back("--no-single-pass");
  if (o.inputs.empty()) {
    std::fprintf(stderr, "%s:0x0: error: no input files (run '%s --help')\n", program.c_str(), program.c_str());
    return 2;
  }
  if (o.parse_only && o.use_wast2json) {
    std::fprintf(stderr, "--parse-only:0x0: error: not allowed with --wast2json (it tests wasmc's text front end)\n");
    return 2;
  }
  if (o.use_wast2json && o.wast2json.empty()) {
    std::fprintf(stderr, "--wast2json:0x0: error: wast2json was not found when wasmc was built (Debian package wabt)\n");
    return 2;
  }
  return RunAll(o);
}

std::vector<std::string> SelfArgv(const char* argv0, const char* subcommand) {
  std::error_code ec;
  std::string self = std::filesystem::read_symlink("/proc/self/exe", ec).string();
  if (self.empty()) self = argv0;
  std::vector<std::string> out{self};
  if (subcommand) out.emplace_back(subcommand);
  return out;
}

}  // namespace wasmc::spec
